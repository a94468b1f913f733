package com.avalo.precompute.schemas;

import java.io.Serializable;

/**
 * Payload of {@code user:{uid}:tokens}: {@code balance = purchased - refunded - spent}, where
 * {@code purchased} sums completed purchases and {@code refunded} sums refund records (purchases
 * with status {@code refunded}).
 */
public record TokenBalance(String uid, long purchased, long refunded, long spent, long balance)
    implements Serializable {}
