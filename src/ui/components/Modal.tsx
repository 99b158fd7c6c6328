import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal <dialog>: the browser traps focus in it, Escape closes it, and focus returns to where it was.
 * Focus starts on the element marked `data-autofocus`, if any. Rendered while open and removed on close. (jsdom has no showModal, so there it is simply shown open.)
 */
export function Modal({ title, className, onClose, children }: { title: string; className?: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    // showModal focuses the first focusable element (the close button); a dialog can name a better start.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal ${className ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: let React unmount it rather than the browser closing it behind React's back.
        event.preventDefault();
        onClose();
      }}
    >
      <header className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="modal-close" onClick={onClose} aria-label={`Close ${title.toLowerCase()}`}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}
