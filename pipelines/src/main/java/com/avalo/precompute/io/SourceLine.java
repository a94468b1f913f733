package com.avalo.precompute.io;

import java.io.Serializable;

/** One raw record of a source and where it came from, before parsing. */
public record SourceLine(String origin, String text) implements Serializable {}
