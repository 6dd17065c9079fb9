/**
 * The disclosure-control model. Every published table cell is a sum of non-negative unknown
 * "joint" variables: the finest cross-classification of all dimensions used by the tables of one
 * version. Two tables over the same population share joint variables; margins are just cells whose
 * vars are the union of their parts.
 */
export interface Cell {
  id: string;
  /** Indices (0-based, < varCount) of the joint variables this cell sums. */
  vars: number[];
  /** The true count. */
  value: number;
}

export type CellStatus = 'published' | 'primary' | 'secondary';

/** What an attacker can infer about a suppressed cell; `max` is `Infinity` when unbounded. */
export interface Interval {
  min: number;
  max: number;
}

/** The smallest threshold this module accepts: below it, counts single people out too easily. */
export const MIN_K = 5;
/** The threshold used when none is given. */
export const DEFAULT_K = 11;
