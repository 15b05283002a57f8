package io.ductstream.controlplane;

/** What a failure's innermost cause says, for one-line messages to users. */
public final class Causes {
  private Causes() {}

  /**
   * The first line of the innermost cause's message (libraries wrap the useful part deep and add
   * stack-like detail below it), or the cause's class name when it has no message.
   */
  public static String firstLine(Throwable e) {
    Throwable innermost = e;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    String message = String.valueOf(innermost.getMessage()).strip();
    return message.lines().findFirst().orElse(innermost.getClass().getSimpleName());
  }
}
