'use client';

import { SessionDocKey } from '@consilium/shared';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { SessionHandle } from '../SessionContext';
import { textEdit } from '../notesDiff';
import styles from '../session.module.css';

const LOCAL_NOTES = Symbol('local-notes');

/**
 * The session's shared notes: a textarea over the Y.Text. A local edit becomes
 * one delete and one insert at the changed range, so concurrent typing in
 * other places merges; remote edits keep the caret where it was.
 */
export function NotesEditor({ session }: { session: SessionHandle }) {
  const text = session.doc.getText(SessionDocKey.Notes);
  const [value, setValue] = useState(() => text.toString());
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const onChange = (event: Y.YTextEvent, tr: Y.Transaction) => {
      if (tr.origin === LOCAL_NOTES) return;
      const el = area.current;
      const caret = el ? [el.selectionStart, el.selectionEnd] : undefined;
      setValue(text.toString());
      if (!el || !caret) return;
      // Shift the caret by what was inserted or deleted before it.
      let index = 0;
      const shift = [0, 0];
      for (const op of event.delta) {
        if (op.retain) index += op.retain;
        else if (op.insert) {
          const n = typeof op.insert === 'string' ? op.insert.length : 1;
          caret.forEach((c, i) => (c! >= index ? (shift[i]! += n) : undefined));
          index += n;
        } else if (op.delete) caret.forEach((c, i) => (c! > index ? (shift[i]! -= Math.min(op.delete!, c! - index)) : undefined));
      }
      requestAnimationFrame(() => el.setSelectionRange(caret[0]! + shift[0]!, caret[1]! + shift[1]!));
    };
    setValue(text.toString());
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text]);

  const readOnly = session.role === 'viewer';
  return (
    <label className={styles.notes}>
      <span className={styles.title}>Notes</span>
      <textarea
        ref={area}
        className={styles.textarea}
        value={value}
        readOnly={readOnly}
        rows={5}
        aria-label="Session notes"
        placeholder={readOnly ? '' : 'Shared notes: findings, questions, decisions'}
        onChange={(e) => {
          const next = e.target.value;
          const edit = textEdit(text.toString(), next);
          setValue(next);
          if (!edit) return;
          session.doc.transact(() => {
            if (edit.deleteCount > 0) text.delete(edit.index, edit.deleteCount);
            if (edit.insert) text.insert(edit.index, edit.insert);
          }, LOCAL_NOTES);
        }}
      />
    </label>
  );
}
