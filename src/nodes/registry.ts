/**
 * Node registry: node type name -> NodeSpec, plus CasareRPA's registry aliases (workflow-format.md §8,
 * Table A) and the catalogue of CasareRPA types Casare knows but does not implement (they fail
 * validation with CASARE_E_VALIDATE_UNSUPPORTED_NODE, never half-way through a run).
 */
import type { NodeSpec } from './types.js';
import { specs as variable } from './variable/index.js';
import { specs as list } from './list/index.js';
import { specs as dict } from './dict/index.js';
import { specs as math } from './math/index.js';
import { specs as json } from './json/index.js';
import { specs as string } from './string/index.js';
import { specs as text } from './text/index.js';
import { specs as utility } from './utility/index.js';
import { specs as random } from './random/index.js';
import { specs as datetime } from './datetime/index.js';
import { specs as system } from './system/index.js';
import { specs as xml } from './xml/index.js';
import { specs as encoding } from './encoding/index.js';
import { specs as file } from './file/index.js';
import { specs as trigger } from './trigger/index.js';
import { specs as control } from './control/index.js';
import { specs as http } from './http/index.js';
import { specs as database } from './database/index.js';
import { specs as browser } from './browser/index.js';
import { specs as fuzzy } from './fuzzy/index.js';
import { specs as transform } from './transform/index.js';
import { specs as image } from './image/index.js';
import { specs as excel } from './excel/index.js';
import { specs as zip } from './zip/index.js';
import { specs as pdf } from './pdf/index.js';
import { specs as hash } from './hash/index.js';
import { specs as batch } from './batch/index.js';
import { UNSUPPORTED_TYPES } from './catalogue.js';

/** Table A: a file's node_type -> the type that runs (the instance reports the target's type). */
export const REGISTRY_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  BrowserLaunchNode: 'LaunchBrowserNode',
  BrowserNavigateNode: 'GoToURLNode',
  BrowserWaitNode: 'WaitNode',
  BrowserGetTextNode: 'ExtractTextNode',
  BrowserScreenshotNode: 'ScreenshotNode',
  BrowserCloseNode: 'CloseBrowserNode',
  OCRNode: 'OCRExtractTextNode',
  DesktopClickElementNode: 'ClickElementNode',
  DesktopTypeTextNode: 'TypeTextNode',
  DesktopWaitForElementNode: 'WaitForElementNode',
});

// A Map for the per-node lookup: a frozen object probed with arbitrary strings goes megamorphic.
const ALIAS_MAP: ReadonlyMap<string, string> = new Map(Object.entries(REGISTRY_ALIASES));

const byType = new Map<string, NodeSpec>();
/** Spec by file node_type, aliases resolved: one lookup per node at load (rebuilt on registration). */
const byFileType = new Map<string, NodeSpec>();
/** Register node specs; later registrations of a type replace earlier ones (I/O families extend the core set). */
export function registerNodes(specs: readonly NodeSpec[]): void {
  for (const s of specs) byType.set(s.type, s);
  byFileType.clear();
  for (const [type, spec] of byType) byFileType.set(type, spec);
  for (const [alias, target] of ALIAS_MAP) {
    const spec = byType.get(target);
    if (spec !== undefined) byFileType.set(alias, spec);
    else byFileType.delete(alias); // an alias names its target only (canonicalType), never a type of its own name
  }
}

/** The type that runs for a file's node_type (Table A applied). */
export function canonicalType(fileType: string): string {
  return ALIAS_MAP.get(fileType) ?? fileType;
}

export function getNodeSpec(type: string): NodeSpec | undefined {
  return byFileType.get(type);
}

registerNodes([
  ...variable, ...list, ...dict, ...math, ...json, ...string, ...text, ...utility, ...random,
  ...datetime, ...system, ...xml, ...encoding, ...file, ...trigger, ...control, ...http, ...database, ...browser,
  ...fuzzy, ...transform, ...image, ...excel, ...zip, ...pdf, ...hash, ...batch,
]);

/** CasareRPA category of a type Casare knows but does not run, or undefined. */
export function unsupportedCategory(type: string): string | undefined {
  const t = canonicalType(type);
  if (byType.has(t)) return undefined;
  return UNSUPPORTED_TYPES[t] ?? UNSUPPORTED_TYPES[type];
}

export function registeredTypes(): string[] {
  return [...byType.keys()].sort();
}
