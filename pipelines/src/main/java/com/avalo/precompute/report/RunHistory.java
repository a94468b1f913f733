package com.avalo.precompute.report;

import java.util.List;

/**
 * Where the report finds past runs. The run ledger implements it with every figure of a
 * {@link RunRecord}; until the ledger exists, {@link DeadLetterFiles} reads what local runs leave
 * behind.
 */
public interface RunHistory {

  /** The newest {@code limit} runs, newest first. */
  List<RunRecord> newest(int limit);

  /** Where the runs are read from, for the report's reader. */
  String describe();

  /** What this history cannot tell, in plain sentences for the report; empty when nothing. */
  List<String> limitations();
}
