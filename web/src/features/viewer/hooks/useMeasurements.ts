import { eventTarget } from '@cornerstonejs/core';
import { Enums as ToolEnums, annotation as annotationApi } from '@cornerstonejs/tools';
import { useEffect, useState } from 'react';
import { renderingEngine } from '../cornerstone/initCornerstone';
import { completeProbeStats } from '../cornerstone/stackProbeValue';
import { type MeasurementStats, type MeasurementToolName, isMeasurementTool, measurementLines } from '../logic/measurementText';

/** One row of the measurement panel. */
export interface MeasurementItem {
  uid: string;
  toolName: MeasurementToolName;
  lines: string[];
  /** Image the annotation was drawn on, to jump back to it. */
  imageId: string | undefined;
}

/** ADDED too: a measurement that arrives from a session is added whole, never "completed" here. */
const EVENTS = [
  ToolEnums.Events.ANNOTATION_ADDED,
  ToolEnums.Events.ANNOTATION_COMPLETED,
  ToolEnums.Events.ANNOTATION_MODIFIED,
  ToolEnums.Events.ANNOTATION_REMOVED,
];

interface AnnotationLike {
  annotationUID?: string;
  metadata: { toolName: string; referencedImageId?: string };
  data: { cachedStats?: Record<string, MeasurementStats>; handles?: { points?: number[][] }; label?: string; text?: string };
}

/** The measurement annotations of every viewport, re-read (once per frame) whenever one changes. */
export function useMeasurements(): MeasurementItem[] {
  const [items, setItems] = useState<MeasurementItem[]>([]);
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const next = readMeasurements();
      setItems((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(update);
    };
    for (const name of EVENTS) eventTarget.addEventListener(name, schedule);
    // Values are computed while annotations render, which can be after the last MODIFIED of a
    // drag: read again after each render (raised on the viewport element, caught here in capture).
    document.addEventListener(ToolEnums.Events.ANNOTATION_RENDERED, schedule, { capture: true });
    update();
    return () => {
      cancelAnimationFrame(frame);
      for (const name of EVENTS) eventTarget.removeEventListener(name, schedule);
      document.removeEventListener(ToolEnums.Events.ANNOTATION_RENDERED, schedule, { capture: true });
    };
  }, []);
  return items;
}

function readMeasurements(): MeasurementItem[] {
  const all = annotationApi.state.getAllAnnotations() as unknown as AnnotationLike[];
  const items: MeasurementItem[] = [];
  for (const a of all) {
    const { toolName, referencedImageId } = a.metadata;
    if (!a.annotationUID || !isMeasurementTool(toolName)) continue;
    const targetId = Object.keys(a.data.cachedStats ?? {})[0];
    const stats = targetId === undefined ? undefined : toolName === 'Probe' ? completeProbeStats(a.data, targetId) : a.data.cachedStats?.[targetId];
    items.push({ uid: a.annotationUID, toolName, lines: measurementLines(toolName, stats, a.data.label ?? a.data.text), imageId: referencedImageId });
  }
  return items;
}

/** Removes a measurement from every viewport. */
export function removeMeasurement(uid: string): void {
  annotationApi.state.removeAnnotation(uid);
  renderingEngine().render();
}
