import { type FormEvent, useEffect, useRef, useState } from 'react';
import { DEFAULT_ARROW_LABEL, type LabelCallback, setArrowLabelHandler } from '../cornerstone/arrowLabelPrompt';
import styles from '../viewer.module.css';

/** Asks for the text of a new (or edited) arrow annotation instead of `window.prompt`. */
export function ArrowLabelDialog() {
  const [pending, setPending] = useState<LabelCallback | undefined>(undefined);
  const [text, setText] = useState(DEFAULT_ARROW_LABEL);
  const input = useRef<HTMLInputElement>(null);

  useEffect(
    () =>
      setArrowLabelHandler((done) => {
        setText(DEFAULT_ARROW_LABEL);
        setPending(() => done);
      }),
    [],
  );
  useEffect(() => {
    if (pending) input.current?.select();
  }, [pending]);

  if (!pending) return null;
  const finish = (label: string | null) => {
    setPending(undefined);
    pending(label);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    finish(text.trim() || DEFAULT_ARROW_LABEL);
  };
  return (
    <div className={styles.dialogBackdrop}>
      <form className={styles.dialog} role="dialog" aria-modal="true" aria-labelledby="arrow-label-title" onSubmit={onSubmit} onKeyDown={(e) => e.key === 'Escape' && finish(null)}>
        <h2 id="arrow-label-title" className={styles.panelTitle}>Arrow label</h2>
        <input ref={input} className={styles.textInput} aria-label="Arrow label" value={text} onChange={(e) => setText(e.target.value)} />
        <div className={styles.dialogButtons}>
          <button type="button" className={styles.toolButton} onClick={() => finish(null)}>Cancel</button>
          <button type="submit" className={styles.toolButton}>OK</button>
        </div>
      </form>
    </div>
  );
}
