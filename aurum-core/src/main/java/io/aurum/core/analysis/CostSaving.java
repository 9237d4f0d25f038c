package io.aurum.core.analysis;

/**
 * Spending a profile found avoidable: {@code kind} is {@code unchanged_replay} (partitions
 * re-fetched whose data came back the same) or {@code small_requests} (requests that each brought
 * few rows); {@code cost} is what could have been saved, {@code advice} what would save it.
 */
public record CostSaving(String kind, String operationId, double cost, String advice) {}
