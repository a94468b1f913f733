package com.avalo.precompute.feeds;

import java.io.Serializable;

/**
 * A viewer asking one block for candidates: the viewer's profile, whom to exclude and who already
 * liked them. One is sent to each block the viewer's distance limit and preferences cover.
 */
public record ViewerRequest(FeedProfile viewer, UidSet excluded, UidSet likedBy)
    implements Serializable {}
