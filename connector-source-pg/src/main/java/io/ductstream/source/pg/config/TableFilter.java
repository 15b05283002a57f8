package io.ductstream.source.pg.config;

import io.ductstream.source.pg.catalog.TableId;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which tables are captured: those in table.include.list (all when it is empty) and not in
 * table.exclude.list.
 */
public record TableFilter(Set<TableId> include, Set<TableId> exclude)
    implements Predicate<TableId> {
  public TableFilter {
    include = Set.copyOf(include);
    exclude = Set.copyOf(exclude);
  }

  static TableFilter of(List<String> include, List<String> exclude) {
    return new TableFilter(parse(include), parse(exclude));
  }

  private static Set<TableId> parse(List<String> names) {
    return names.stream().map(TableId::parse).collect(Collectors.toSet());
  }

  @Override
  public boolean test(TableId table) {
    return (include.isEmpty() || include.contains(table)) && !exclude.contains(table);
  }
}
