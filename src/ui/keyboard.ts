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

export type Shortcut = 'toggle' | 'faster' | 'slower';

type KeyPress = Pick<KeyboardEvent, 'key' | 'target' | 'ctrlKey' | 'metaKey' | 'altKey' | 'repeat'>;

/** The lab's keyboard shortcuts: Space plays or pauses, + and − change the speed. Null when the key is not one of them. */
export function shortcutFor(event: KeyPress): Shortcut | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === ' ') return !event.repeat && spaceTogglesPlayback(event.target) ? 'toggle' : null;
  if (isTyping(event.target)) return null;
  if (event.key === '+' || event.key === '=') return 'faster';
  if (event.key === '-' || event.key === '_') return 'slower';
  return null;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA') return true;
  return target.tagName === 'INPUT' && TEXT_INPUTS.has((target as HTMLInputElement).type);
}
