package io.outpost.config;

/**
 * One tag of a source; every tag type carries the same report-by-exception policy. Not sealed:
 * each source type declares its tag record beside its code (see {@link SourceConfig}).
 */
public interface TagConfig {

    String name();

    ReportPolicy report();
}
