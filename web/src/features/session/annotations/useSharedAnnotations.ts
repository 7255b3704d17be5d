'use client';

import { eventTarget } from '@cornerstonejs/core';
import { Enums as ToolEnums, annotation as annotationApi } from '@cornerstonejs/tools';
import { SessionDocKey } from '@consilium/shared';
import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { renderingEngine } from '../../viewer/cornerstone/initCornerstone';
import { isMeasurementTool } from '../../viewer/logic/measurementText';
import { viewerDicomwebRoot } from '../../viewer/study/studyPrefetch';
import type { SessionHandle } from '../SessionContext';
import { type AnnotationRecord, type CornerstoneAnnotation, annotationOf, recordOf, sameRecord, updateAnnotation } from './annotationRecord';

/** Origin of this participant's own annotation edits: the only ones its undo manager tracks. */
const LOCAL_ANNOTATIONS = Symbol('local-annotations');
/** A handle drag writes at most this often (the last position always lands). */
const WRITE_INTERVAL_MS = 100;
const RECORD_FIELDS = ['toolName', 'metadata', 'points', 'textBox', 'label', 'text', 'author'] as const;
/** Changes of an annotation worth sharing; statistics updates are recomputed by every viewer itself. */
const SHARED_CHANGES = new Set<string | undefined>([undefined, 'HandlesUpdated', 'LabelChange', 'History', 'Completed']);

export interface SharedUndo {
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
}

type AnnotationEvent = CustomEvent<{ annotation?: CornerstoneAnnotation; changeType?: string }>;

function readRecord(entry: Y.Map<unknown>): AnnotationRecord | undefined {
  const toolName = entry.get('toolName');
  const points = entry.get('points');
  if (typeof toolName !== 'string' || !Array.isArray(points)) return undefined;
  return {
    toolName,
    metadata: (entry.get('metadata') as Record<string, unknown> | undefined) ?? {},
    points: points as number[][],
    textBox: entry.get('textBox') as Record<string, unknown> | undefined,
    label: entry.get('label') as string | undefined,
    text: entry.get('text') as string | undefined,
    author: (entry.get('author') as string | undefined) ?? '',
  };
}

/** Writes the fields that changed, so concurrent edits of different fields merge. */
function writeRecord(map: Y.Map<Y.Map<unknown>>, uid: string, record: AnnotationRecord): void {
  let entry = map.get(uid);
  if (!entry) {
    entry = new Y.Map<unknown>();
    map.set(uid, entry);
  }
  for (const field of RECORD_FIELDS) {
    const value = record[field];
    if (field === 'author' && entry.has('author')) continue;
    if (value === undefined) continue;
    if (JSON.stringify(entry.get(field)) !== JSON.stringify(value)) entry.set(field, value);
  }
}

function liveAnnotation(uid: string): CornerstoneAnnotation | undefined {
  return annotationApi.state.getAnnotation(uid) as unknown as CornerstoneAnnotation | undefined;
}

/**
 * The session's measurements over Yjs: one Y.Map per Cornerstone annotation
 * UID in the document's annotations map. Drawing, moving or deleting a
 * measurement here writes it (origin LOCAL_ANNOTATIONS); changes from others
 * (and this participant's undo/redo) are drawn into Cornerstone. The undo
 * manager tracks only this participant's origin, so undo never reverts
 * someone else's edit. Measurements drawn before joining are shared on the
 * first sync.
 */
export function useSharedAnnotations(session: SessionHandle | null): SharedUndo {
  const doc = session?.doc;
  const author = session?.participantId ?? '';
  const synced = !!session?.synced;
  const map = useMemo(() => doc?.getMap<Y.Map<unknown>>(SessionDocKey.Annotations), [doc]);
  const undoManager = useMemo(() => (map ? new Y.UndoManager(map, { trackedOrigins: new Set([LOCAL_ANNOTATIONS]) }) : undefined), [map]);
  const [stacks, setStacks] = useState({ canUndo: false, canRedo: false });

  useEffect(() => {
    if (!undoManager) return;
    const update = () => setStacks({ canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() });
    undoManager.on('stack-item-added', update);
    undoManager.on('stack-item-popped', update);
    undoManager.on('stack-cleared', update);
    return () => undoManager.destroy();
  }, [undoManager]);

  useEffect(() => {
    if (!doc || !map || !synced) return;
    let applying = false;
    const imageIdRoot = `wadors:${viewerDicomwebRoot()}`;
    const pending = new Map<string, ReturnType<typeof setTimeout>>();
    const render = () => {
      try {
        renderingEngine().render();
      } catch {
        // No viewport yet: annotations are drawn when one renders.
      }
    };

    const showInCornerstone = (uid: string) => {
      const entry = map.get(uid);
      const record = entry instanceof Y.Map ? readRecord(entry) : undefined;
      const live = liveAnnotation(uid);
      applying = true;
      try {
        if (!record) {
          if (live) annotationApi.state.removeAnnotation(uid);
        } else if (!live) annotationApi.state.addAnnotation(annotationOf(uid, record, imageIdRoot) as never, undefined as never);
        else if (!sameRecord(recordOf(live, author), record)) updateAnnotation(live, record);
      } finally {
        applying = false;
      }
    };

    // Everything in the document, then what this viewer had that the session has not.
    for (const uid of map.keys()) showInCornerstone(uid);
    const locals = (annotationApi.state.getAllAnnotations() as unknown as CornerstoneAnnotation[]).filter(
      (a) => a.annotationUID && isMeasurementTool(a.metadata.toolName) && !map.has(a.annotationUID),
    );
    if (locals.length > 0) doc.transact(() => locals.forEach((a) => writeRecord(map, a.annotationUID!, recordOf(a, author))), LOCAL_ANNOTATIONS);
    render();

    const onDocChange = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
      if (tr.origin === LOCAL_ANNOTATIONS) return;
      const uids = new Set<string>();
      for (const event of events) {
        if (event.target === map) for (const key of event.keys.keys()) uids.add(key);
        else if (typeof event.path[0] === 'string') uids.add(event.path[0]);
      }
      uids.forEach(showInCornerstone);
      render();
    };
    map.observeDeep(onDocChange);

    const write = (uid: string) => {
      pending.delete(uid);
      const live = liveAnnotation(uid);
      if (live) doc.transact(() => writeRecord(map, uid, recordOf(live, author)), LOCAL_ANNOTATIONS);
    };
    const onCompleted = (evt: Event) => {
      const a = (evt as AnnotationEvent).detail.annotation;
      if (applying || !a?.annotationUID || !isMeasurementTool(a.metadata.toolName)) return;
      write(a.annotationUID);
    };
    const onModified = (evt: Event) => {
      const { annotation: a, changeType } = (evt as AnnotationEvent).detail;
      if (applying || !a?.annotationUID || !map.has(a.annotationUID) || !SHARED_CHANGES.has(changeType)) return;
      const uid = a.annotationUID;
      if (!pending.has(uid)) pending.set(uid, setTimeout(() => write(uid), WRITE_INTERVAL_MS));
    };
    const onRemoved = (evt: Event) => {
      const uid = (evt as AnnotationEvent).detail.annotation?.annotationUID;
      if (applying || !uid || !map.has(uid)) return;
      clearTimeout(pending.get(uid));
      pending.delete(uid);
      doc.transact(() => map.delete(uid), LOCAL_ANNOTATIONS);
    };
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified);
    eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
    return () => {
      map.unobserveDeep(onDocChange);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onCompleted);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onModified);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onRemoved);
      for (const [uid, timer] of pending) {
        clearTimeout(timer);
        write(uid);
      }
    };
  }, [doc, map, synced, author]);

  return useMemo(
    () => ({ ...stacks, undo: () => void undoManager?.undo(), redo: () => void undoManager?.redo() }),
    [stacks, undoManager],
  );
}
