import type { NodeSpec } from '../types.js';
import {
  closeBrowserNode, goBackNode, goForwardNode, goToUrlNode, launchBrowserNode, newTabNode, refreshPageNode, waitForNavigationNode,
} from './browser-lifecycle.js';
import { clickElementNode, pressKeyNode, selectDropdownNode, typeTextNode, waitForElementNode } from './browser-interact.js';
import { browserEvaluateNode, browserRunScriptNode, extractTextNode, getAttributeNode, screenshotNode } from './browser-extract.js';
import { tableScraperNode } from './browser-table.js';

/** Browser node specs (nodes.md §17.2) on playwright-core + system Chromium. */
export const specs: readonly NodeSpec[] = [
  launchBrowserNode, closeBrowserNode, newTabNode, goToUrlNode, goBackNode, goForwardNode, refreshPageNode,
  waitForNavigationNode, clickElementNode, typeTextNode, selectDropdownNode, pressKeyNode, waitForElementNode,
  extractTextNode, getAttributeNode, screenshotNode, browserEvaluateNode, browserRunScriptNode, tableScraperNode,
];
