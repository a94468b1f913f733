package com.avalo.precompute.chats;

import com.avalo.precompute.io.PrecomputeOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code chats} job. */
public interface ChatsOptions extends PrecomputeOptions {

  @Description("Longest last-message preview, in characters as a person counts them (grapheme"
      + " clusters); a longer text is cut on a character boundary and marked truncated")
  @Default.Integer(80)
  int getChatPreviewChars();

  void setChatPreviewChars(int value);

  @Description("Largest chat-list document in bytes of its JSON, envelope included; a longer list"
      + " is split into pages. Firestore's limit is 1 MiB; the default leaves a margin.")
  @Default.Integer(900_000)
  int getChatPageBytes();

  void setChatPageBytes(int value);

  @Description("Most pages a user's chat list has; chats that do not fit are dead-lettered. Pages"
      + " an older, longer list left are deleted by the run's diff against what the job wrote"
      + " before, whatever this bound")
  @Default.Integer(5)
  int getChatMaxPages();

  void setChatMaxPages(int value);

  @Description("Most chats listed per user (the newest); bounds a worker's memory for one user."
      + " The rest are counted in a dead letter")
  @Default.Integer(5_000)
  int getChatMaxChats();

  void setChatMaxChats(int value);
}
