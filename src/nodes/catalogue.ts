/**
 * CasareRPA node types (registered at the snapshot) that Casare does not implement, with their
 * CasareRPA category. Loading a file that uses one fails validation up front with
 * CASARE_E_VALIDATE_UNSUPPORTED_NODE naming node id, type and category.
 * Types that Casare implements are removed from consideration by the registry, so this list may
 * name a type that a later node family implements.
 */
export const UNSUPPORTED_TYPES: Readonly<Record<string, string>> = Object.freeze({});
