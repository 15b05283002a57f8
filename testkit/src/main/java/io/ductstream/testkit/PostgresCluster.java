package io.ductstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own, with logical replication on, made by {@link #builder()} from
 * io.zonky's embedded binaries or from a local installation's ({@code initdb}, {@code pg_ctl}). The
 * tests' servers and the benchmarks' start here, so the start-up settings live in one place. It
 * keeps its data directory and port across {@link #restart(Shutdown)}; {@link #close()} stops it
 * and removes its directory.
 */
public final class PostgresCluster implements AutoCloseable {
  /** The superuser every cluster is made with; it logs in without a password. */
  public static final String SUPERUSER = "postgres";

  /** How much of what was committed survives a failure, against how long commits wait on disk. */
  public enum Durability {
    /** fsync, full_page_writes and synchronous_commit off: the data is disposable. */
    NONE,
    /**
     * fsync off, synchronous_commit on: what a client saw committed survives the server's processes
     * quitting at once (the OS keeps the files), though not a crash of the machine.
     */
    PROCESS_CRASH,
    /** PostgreSQL's defaults: every commit on disk, as on a production server. */
    FULL
  }

  /** How the server goes down before it starts again (PostgreSQL's shutdown modes). */
  public enum Shutdown {
    /** Clients disconnected, a checkpoint written: what {@code pg_ctl restart -m fast} does. */
    FAST,
    /** Every process quits at once and the next start replays the WAL: a crash, in effect. */
    IMMEDIATE
  }

  /** Starts, stops and restarts the postmaster of one data directory, however it was installed. */
  interface Postmaster {
    void start() throws IOException, InterruptedException;

    void stop(Shutdown mode) throws IOException, InterruptedException;

    /** The address clients connect to. */
    String host();
  }

  private final Path directory;
  private final int port;
  private final Postmaster postmaster;

  private PostgresCluster(Path directory, int port, Postmaster postmaster) {
    this.directory = directory;
    this.port = port;
    this.postmaster = postmaster;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return postmaster.host();
  }

  public int port() {
    return port;
  }

  /** The cluster as a test server, to create databases on. */
  public PostgresServer server() {
    return PostgresServer.superuserAt(host(), port);
  }

  /** {@code jdbc:postgresql://host:port/database}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
  }

  /** {@code postgres://postgres@host:port/database}, the form DuctStream's users give. */
  public String postgresUrl(String database) {
    return "postgres://" + SUPERUSER + "@" + host() + ":" + port + "/" + database;
  }

  /** A connection to {@code database} as the superuser. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
  }

  /** Stops the server the given way and starts it again on the same data and port. */
  public void restart(Shutdown mode) {
    try {
      postmaster.stop(mode);
      postmaster.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restart the PostgreSQL at port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while restarting PostgreSQL", e);
    }
  }

  /** Stops the server (fast shutdown) and removes its directory. */
  @Override
  public void close() {
    try {
      postmaster.stop(Shutdown.FAST);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the PostgreSQL at port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping PostgreSQL", e);
    } finally {
      deleteDirectory();
    }
  }

  private void deleteDirectory() {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory: what is left goes with the next clean of it
    }
  }

  /**
   * How to make a cluster: {@link #embedded()} or {@link #binaries(Path)}, then the settings. Every
   * cluster has {@code wal_level=logical}; the rest defaults to 10 replication slots and senders,
   * 100 connections and {@link Durability#FULL}.
   */
  public static final class Builder {
    private Path binaries;
    private boolean kindChosen;
    private Path parentDirectory;
    private int replicationSlots = 10;
    private int maxConnections = 100;
    private Durability durability = Durability.FULL;
    private final Map<String, String> extraSettings = new LinkedHashMap<>();

    private Builder() {}

    /** io.zonky's embedded PostgreSQL, binaries from Maven Central. */
    public Builder embedded() {
      this.binaries = null;
      this.kindChosen = true;
      return this;
    }

    /**
     * The PostgreSQL installed in {@code binDirectory} ({@code initdb}, {@code pg_ctl}); as root,
     * the server runs as user {@code postgres}.
     */
    public Builder binaries(Path binDirectory) {
      this.binaries = Objects.requireNonNull(binDirectory);
      this.kindChosen = true;
      return this;
    }

    /** Where the cluster's own temp directory is made; the system's temp directory by default. */
    public Builder parentDirectory(Path parent) {
      this.parentDirectory = parent;
      return this;
    }

    /** {@code max_replication_slots} and {@code max_wal_senders}. */
    public Builder replicationSlots(int slots) {
      this.replicationSlots = slots;
      return this;
    }

    public Builder maxConnections(int connections) {
      this.maxConnections = connections;
      return this;
    }

    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability);
      return this;
    }

    /** A server setting on top of the others; it wins over what the builder sets. */
    public Builder setting(String name, String value) {
      extraSettings.put(name, value);
      return this;
    }

    /** Server settings on top of the others; they win over what the builder sets. */
    public Builder settings(Map<String, String> settings) {
      extraSettings.putAll(settings);
      return this;
    }

    /** Makes the cluster in a new directory on a free port and starts it. */
    public PostgresCluster start() {
      if (!kindChosen) {
        throw new IllegalStateException("choose embedded() or binaries(path) first");
      }
      Path directory;
      try {
        directory =
            parentDirectory == null
                ? Files.createTempDirectory("ductstream-pg")
                : Files.createTempDirectory(
                    Files.createDirectories(parentDirectory.toAbsolutePath()), "own-pg-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make a directory for a PostgreSQL cluster", e);
      }
      int port = FreePorts.next();
      Map<String, String> settings = settings();
      Postmaster postmaster =
          binaries == null
              ? new EmbeddedPostmaster(directory.resolve("data"), port, settings)
              : new InstalledPostmaster(binaries, directory, port, settings);
      PostgresCluster cluster = new PostgresCluster(directory, port, postmaster);
      try {
        postmaster.start();
      } catch (IOException | RuntimeException e) {
        cluster.deleteDirectory();
        throw new IllegalStateException(
            "could not start PostgreSQL"
                + (binaries == null ? "" : " from " + binaries)
                + ": "
                + e.getMessage(),
            e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cluster.deleteDirectory();
        throw new IllegalStateException("interrupted while starting PostgreSQL", e);
      }
      return cluster;
    }

    /** Every server setting of the cluster, in the order given to the server. */
    Map<String, String> settings() {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("wal_level", "logical");
      settings.put("max_replication_slots", Integer.toString(replicationSlots));
      settings.put("max_wal_senders", Integer.toString(replicationSlots));
      settings.put("max_connections", Integer.toString(maxConnections));
      switch (durability) {
        case NONE -> {
          settings.put("fsync", "off");
          settings.put("synchronous_commit", "off");
          settings.put("full_page_writes", "off");
        }
        case PROCESS_CRASH -> {
          settings.put("fsync", "off");
          settings.put("synchronous_commit", "on");
        }
        case FULL -> {
          // said aloud: the embedded server's own defaults turn synchronous_commit off
          settings.put("fsync", "on");
          settings.put("synchronous_commit", "on");
          settings.put("full_page_writes", "on");
        }
      }
      settings.putAll(extraSettings);
      return settings;
    }
  }
}
