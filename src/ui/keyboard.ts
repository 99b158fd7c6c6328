/** Elements that already give the space bar a meaning of their own. */
const SPACE_OWNERS = new Set(['BUTTON', 'A', 'SELECT', 'TEXTAREA', 'SUMMARY']);
const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'url', 'password', 'tel', 'checkbox', 'radio']);

/**
 * Whether a space key press on `target` should toggle play/pause. It must not when the focused
 * element uses space itself: a button clicks (the play button then toggles by itself), a text field types.
 */
export function spaceTogglesPlayback(target: EventTarget | null): boolean {
  if (!target || !(target instanceof Element)) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return false;
  if (SPACE_OWNERS.has(target.tagName)) return false;
  if (target.tagName === 'INPUT') return !TEXT_INPUTS.has((target as HTMLInputElement).type);
  return true;
}

export type Shortcut = 'toggle' | 'faster' | 'slower' | 'step' | 'next-interesting';

type KeyPress = Pick<KeyboardEvent, 'key' | 'target' | 'ctrlKey' | 'metaKey' | 'altKey' | 'repeat'> & Partial<Pick<KeyboardEvent, 'shiftKey'>>;

/** Roles whose widgets move with the arrow keys themselves (a slider, a list, tabs…). */
const ARROW_ROLES = new Set(['slider', 'listbox', 'option', 'tab', 'tablist', 'menu', 'menuitem', 'radiogroup', 'radio', 'grid', 'tree', 'treeitem', 'spinbutton']);

/** Whether the arrow keys on `target` belong to it (a form field, the scrubber, a list) rather than to the lab. */
export function arrowsBelongTo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return true;
  return ARROW_ROLES.has(target.getAttribute('role') ?? '');
}

/** The lab's keyboard shortcuts: Space plays or pauses, + and − change the speed, → steps (Shift+→: next interesting). Null when the key is not one of them. */
export function shortcutFor(event: KeyPress): Shortcut | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === ' ') return !event.repeat && spaceTogglesPlayback(event.target) ? 'toggle' : null;
  if (isTyping(event.target)) return null;
  if (event.key === '+' || event.key === '=') return 'faster';
  if (event.key === '-' || event.key === '_') return 'slower';
  // → steps one event, Shift+→ runs to the next interesting one; a focused slider or field keeps its arrows.
  if (event.key === 'ArrowRight' && !arrowsBelongTo(event.target)) return event.shiftKey ? 'next-interesting' : 'step';
  return null;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA') return true;
  return target.tagName === 'INPUT' && TEXT_INPUTS.has((target as HTMLInputElement).type);
}
