'use client';

import type { Types } from '@cornerstonejs/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSharedAnnotations } from '../session/annotations/useSharedAnnotations';
import { SessionPanel } from '../session/components/SessionPanel';
import { StartSessionButton } from '../session/components/StartSessionButton';
import { ShareDialog } from '../share/ShareDialog';
import shareStyles from '../share/share.module.css';
import { useFollowPresenter } from '../session/follow/useFollowPresenter';
import type { ViewerView } from '../session/follow/viewerView';
import { PointerOverlay } from '../session/pointer/PointerOverlay';
import { useLaserPointer } from '../session/pointer/useLaserPointer';
import { useSharedReports } from '../session/reports/useSharedReports';
import { useSession } from '../session/SessionContext';
import { rememberedName } from '../session/sessionIdentity';
import { type SessionInvite, SessionProvider } from '../session/SessionProvider';
import { ArrowLabelDialog } from './components/ArrowLabelDialog';
import { MeasurementPanel } from './components/MeasurementPanel';
import { SaveReportButton } from './components/SaveReportButton';
import { StackViewportPane } from './components/StackViewportPane';
import { SeriesPanel } from './components/SeriesPanel';
import { Toolbar } from './components/Toolbar';
import { ViewerHeader } from './components/ViewerHeader';
import { ViewerMessage } from './components/ViewerMessage';
import { initCornerstone, renderingEngine } from './cornerstone/initCornerstone';
import { registerWadoRsMetadata } from './cornerstone/registerMetadata';
import { exposeTestHooks } from './cornerstone/testHooks';
import { markPhase } from './perfMarks';
import { preloadFirstImage } from './cornerstone/preloadFirstImage';
import { type PrimaryTool, setPrimaryTool } from './cornerstone/toolGroups';
import { type ViewportAction, applyViewportAction, applyWindowLevel, setCine } from './cornerstone/viewportActions';
import { viewportId } from './cornerstone/viewportIds';
import type { StudyLoadProblem } from './study/loadStudy';
import { prefetchStudy } from './study/studyPrefetch';
import type { ReportSeriesModel, StudyModel } from './study/studyModel';
import { nextSeriesNumber } from './report/reportAnnotations';
import { type SaveProgress, saveMeasurementReport } from './report/saveMeasurementReport';
import { reportSeriesOf } from './report/reportSeries';
import { type MeasurementItem, useMeasurements } from './hooks/useMeasurements';
import { type GridLayout, type ViewerMode, assignSeries, gridGeometry, replaceSeries } from './logic/layout';
import type { WindowLevelPreset } from './logic/windowLevel';
import { MprView, VolumeView } from './volume';
import styles from './viewer.module.css';

type StudyState = { status: 'loading' } | { status: 'error'; problem: StudyLoadProblem } | { status: 'ready'; study: StudyModel };

/**
 * The viewer of one study: series panel, toolbar, viewport grid (or the MPR/3D
 * views) and measurement panel. Loaded on the client only (Cornerstone needs
 * WebGL and workers); Cornerstone is initialised once per page.
 */
export default function ViewerApp({
  studyUid,
  realtimeUrl,
  invite,
  guest = false,
  canGrant = false,
}: {
  studyUid: string;
  realtimeUrl: string;
  invite: SessionInvite | undefined;
  guest?: boolean;
  canGrant?: boolean;
}) {
  const [state, setState] = useState<StudyState>({ status: 'loading' });

  useEffect(() => {
    const abort = new AbortController();
    setState({ status: 'loading' });
    Promise.all([initCornerstone().then(() => markPhase('cornerstone')), prefetchStudy(studyUid)]).then(
      ([, result]) => {
        if (abort.signal.aborted) return;
        exposeTestHooks();
        if (!result.ok) return setState({ status: 'error', problem: result.error });
        registerWadoRsMetadata(result.value.metadataByImageId);
        preloadFirstImage(result.value.study.series[0]?.imageIds[0]);
        setState({ status: 'ready', study: result.value.study });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const detail = error instanceof Error ? error.message : String(error);
        setState({ status: 'error', problem: { kind: 'failed', status: 0, title: 'The viewer could not start', detail } });
      },
    );
    return () => abort.abort();
  }, [studyUid]);

  switch (state.status) {
    case 'loading':
      return <ViewerMessage kind="loading" title="Loading study…" />;
    case 'error':
      return <ViewerMessage kind="error" title={errorTitle(state.problem)} detail={errorDetail(state.problem)} />;
    case 'ready':
      if (state.study.series.length === 0) return <ViewerMessage kind="empty" title="This study has no images" detail="The archive holds the study but no displayable instances." />;
      return (
        <SessionProvider invite={invite} realtimeUrl={realtimeUrl}>
          <StudyViewer study={state.study} invite={invite} guest={guest} canGrant={canGrant} />
        </SessionProvider>
      );
    default: {
      const unreachable: never = state;
      throw new Error(`unknown state ${String(unreachable)}`);
    }
  }
}

function errorTitle(problem: StudyLoadProblem): string {
  switch (problem.kind) {
    case 'not-found':
      return 'Study not found';
    case 'unreachable':
      return 'Archive unreachable';
    case 'failed':
      return problem.title || 'The study could not be loaded';
    default: {
      const unreachable: never = problem.kind;
      throw new Error(`unknown problem ${String(unreachable)}`);
    }
  }
}

function errorDetail(problem: StudyLoadProblem): string {
  if (problem.kind === 'unreachable') return `${problem.detail ?? 'The image archive did not answer.'} Try again in a moment.`;
  return problem.detail ?? `HTTP ${problem.status}`;
}

function StudyViewer({ study, invite, guest, canGrant }: { study: StudyModel; invite: SessionInvite | undefined; guest: boolean; canGrant: boolean }) {
  const inSession = !!invite;
  const [mode, setMode] = useState<ViewerMode>('stack');
  const [layout, setLayout] = useState<GridLayout>('1x1');
  const [assigned, setAssigned] = useState<string[]>([]);
  const [active, setActive] = useState(0);
  const [tool, setTool] = useState<PrimaryTool>('WindowLevel');
  const [cine, setCineState] = useState<number | undefined>(undefined);
  const measurements = useMeasurements();
  const session = useSession();
  const sharedUndo = useSharedAnnotations(session);
  const area = useRef<HTMLElement>(null);
  const [reports, setReports] = useState<ReportSeriesModel[]>(study.reports);
  const addReport = useCallback(
    (report: ReportSeriesModel) => setReports((list) => (list.some((r) => r.seriesInstanceUID === report.seriesInstanceUID) ? list : [...list, report])),
    [],
  );
  const publishReport = useSharedReports(session, (shared) => {
    if (shared.studyInstanceUID === study.studyInstanceUID) addReport(reportSeriesOf(shared));
  });

  const { rows, columns } = gridGeometry(layout);
  const count = rows * columns;
  const seriesUids = study.series.map((s) => s.seriesInstanceUID);
  const shown = assignSeries(assigned, count, seriesUids);
  const activeIndex = Math.min(active, count - 1);
  const activeSeries = study.series.find((s) => s.seriesInstanceUID === shown[activeIndex]) ?? study.series[0];
  const shownKey = shown.join('|');
  const view = useMemo<ViewerView>(
    () => ({ mode, layout, series: mode === 'stack' ? shownKey.split('|') : [activeSeries?.seriesInstanceUID ?? ''] }),
    [mode, layout, shownKey, activeSeries?.seriesInstanceUID],
  );
  const setView = useCallback((next: ViewerView) => {
    setMode(next.mode);
    setLayout(next.layout);
    setAssigned(next.series);
    if (next.mode !== 'stack') setActive(0);
  }, []);
  useFollowPresenter({ session, studyInstanceUID: study.studyInstanceUID, seriesUids, view, activeIndex, setView, area });
  useLaserPointer(session, !!session?.pointing, area);

  const activeViewport = useCallback(() => renderingEngine().getViewport(viewportId(activeIndex)) as Types.IStackViewport | undefined, [activeIndex]);
  const stopCine = useCallback(() => {
    if (cine === undefined) return;
    const element = renderingEngine().getViewport(viewportId(cine))?.element as HTMLDivElement | undefined;
    if (element) setCine(element, false);
    setCineState(undefined);
  }, [cine]);

  useEffect(() => {
    setPrimaryTool(tool);
  }, [tool]);

  const onDropSeries = (index: number, uid: string) => setAssigned(replaceSeries(shown, index, uid));
  const onAction = (action: ViewportAction) => {
    const viewport = activeViewport();
    if (viewport) applyViewportAction(viewport, action);
  };
  const onPreset = (preset: WindowLevelPreset) => {
    const viewport = activeViewport();
    if (viewport) applyWindowLevel(viewport, preset);
  };
  const onCine = (playing: boolean) => {
    stopCine();
    const element = activeViewport()?.element as HTMLDivElement | undefined;
    if (!playing || !element) return;
    setCine(element, true);
    setCineState(activeIndex);
  };
  const onMode = (next: ViewerMode) => {
    stopCine();
    setMode(next);
  };
  const onSaveReport = async (progress: SaveProgress) => {
    const author = session?.name || rememberedName() || 'Unknown reader';
    const seriesNumber = nextSeriesNumber([...study.series, ...reports].map((s) => s.seriesNumber));
    const result = await saveMeasurementReport(
      { studyInstanceUID: study.studyInstanceUID, seriesNumber, seriesDescription: session ? 'Session measurements' : 'Measurements', author },
      progress,
    );
    if (result.ok) {
      const shared = { ...result.value, studyInstanceUID: study.studyInstanceUID, description: result.value.seriesDescription, author, savedAt: new Date().toISOString() };
      addReport(reportSeriesOf(shared));
      publishReport({ studyInstanceUID: shared.studyInstanceUID, seriesInstanceUID: shared.seriesInstanceUID, sopInstanceUID: shared.sopInstanceUID, seriesNumber, description: shared.description, author, savedAt: shared.savedAt, count: shared.count });
    }
    return result;
  };
  const onJump = (item: MeasurementItem) => {
    if (!item.imageId) return;
    for (let i = 0; i < count; i++) {
      const viewport = renderingEngine().getViewport(viewportId(i)) as Types.IStackViewport | undefined;
      const index = viewport?.getImageIds().indexOf(item.imageId) ?? -1;
      if (viewport && index >= 0) {
        setActive(i);
        void viewport.setImageIdIndex(index);
        return;
      }
    }
  };

  return (
    <div className={styles.viewer}>
      <ViewerHeader study={study} guest={guest}>
        {guest ? (
          <span className={shareStyles.guestBadge}>Shared with you · view only</span>
        ) : (
          <>
            <ShareDialog studyInstanceUID={study.studyInstanceUID} canGrant={canGrant} session={invite ? { id: invite.sessionId, joinToken: invite.joinToken } : undefined} />
            {!inSession && <StartSessionButton studyInstanceUID={study.studyInstanceUID} title={study.description} />}
          </>
        )}
      </ViewerHeader>
      <Toolbar
        mode={mode}
        layout={layout}
        tool={tool}
        cinePlaying={cine !== undefined}
        onMode={onMode}
        onLayout={(next) => {
          stopCine();
          setLayout(next);
        }}
        onTool={setTool}
        onPreset={onPreset}
        onAction={onAction}
        onCine={onCine}
      />
      <SeriesPanel
        studyUid={study.studyInstanceUID}
        series={study.series}
        reports={reports}
        shown={mode === 'stack' ? shown : [activeSeries?.seriesInstanceUID ?? '']}
        onSelect={(uid) => {
          stopCine();
          setAssigned(replaceSeries(shown, activeIndex, uid));
        }}
      />
      <main ref={area} className={styles.viewportArea} aria-label="Images">
        {mode === 'stack' && (
          <div className={styles.grid} style={{ gridTemplateRows: `repeat(${rows}, 1fr)`, gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
            {shown.map((uid, index) => (
              <StackViewportPane
                key={index}
                index={index}
                study={study}
                series={study.series.find((s) => s.seriesInstanceUID === uid)}
                active={index === activeIndex}
                onActivate={setActive}
                onDropSeries={onDropSeries}
              />
            ))}
          </div>
        )}
        {mode === 'mpr' && activeSeries && <MprView key={activeSeries.seriesInstanceUID} imageIds={activeSeries.imageIds} seriesInstanceUid={activeSeries.seriesInstanceUID} />}
        {mode === '3d' && activeSeries && <VolumeView key={activeSeries.seriesInstanceUID} imageIds={activeSeries.imageIds} seriesInstanceUid={activeSeries.seriesInstanceUID} />}
        {session && <PointerOverlay session={session} area={area} />}
      </main>
      <div className={styles.sideColumn}>
        {session && <SessionPanel session={session} undo={sharedUndo} />}
        <MeasurementPanel items={measurements} onJump={onJump} actions={<SaveReportButton disabled={measurements.length === 0} onSave={onSaveReport} />} />
      </div>
      <ArrowLabelDialog />
    </div>
  );
}
