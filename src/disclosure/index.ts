/** Disclosure control for published count tables: pure domain code, no AWS dependency. */
export { attack, screen } from './attack.ts';
export { DisclosureInputError } from './errors.ts';
export { protect, type Protection } from './protect.ts';
export { isProtected, primarySuppression } from './rules.ts';
export { DEFAULT_K, MIN_K, type Cell, type CellStatus, type Interval } from './types.ts';
export { protectWithGroups, sensitiveGroups, type GroupProtection } from './groups.ts';
