import { z } from 'zod';
import { UidSchema } from './handshake.js';

/**
 * What a follower needs to show what the presenter shows, in patient (world)
 * coordinates and reference terms — never screen pixels — so screens of
 * different sizes agree. World coordinates are the patient coordinate system
 * of PS3.3 C.7.6.2.1.1 (millimetres, LPS), as Cornerstone3D's cameras use.
 */
export const Vec3Schema = z.tuple([z.number(), z.number(), z.number()]);
export type Vec3 = z.infer<typeof Vec3Schema>;

const idSchema = z.string().min(1).max(64);

export const CameraSchema = z.object({
  focalPoint: Vec3Schema,
  position: Vec3Schema,
  viewUp: Vec3Schema,
  /** Half the height of the view in world millimetres (orthographic zoom). */
  parallelScale: z.number().positive().optional(),
  /** Perspective 3D cameras: vertical view angle in degrees. */
  viewAngle: z.number().positive().max(180).optional(),
});
export type Camera = z.infer<typeof CameraSchema>;

/** The slice shown: by reference (SOP Instance, frame) or, in volumes, by world position. */
export const SliceReferenceSchema = z.union([
  z.object({ sopInstanceUID: UidSchema, frameNumber: z.number().int().min(1).optional() }),
  z.object({ worldPosition: Vec3Schema }),
]);

/** VOI LUT window (PS3.3 C.11.2.1.2): width > 0 in output units, centre in stored-value units after rescale. */
export const VoiSchema = z.object({ windowWidth: z.number().positive(), windowCenter: z.number() });

export const MprPlaneSchema = z.object({
  orientation: z.enum(['axial', 'sagittal', 'coronal', 'oblique']),
  slabThicknessMm: z.number().nonnegative().max(1000).optional(),
  blendMode: z.enum(['composite', 'mip', 'minip', 'average']).optional(),
});

export const ViewportKindSchema = z.enum(['stack', 'orthographic', 'volume3d']);

export const FollowedViewportSchema = z.object({
  viewportId: idSchema,
  kind: ViewportKindSchema,
  studyInstanceUID: UidSchema.optional(),
  seriesInstanceUID: UidSchema.optional(),
  camera: CameraSchema.optional(),
  slice: SliceReferenceSchema.optional(),
  voi: VoiSchema.optional(),
  /** MPR viewports: which plane, slab and blend. */
  mpr: MprPlaneSchema.optional(),
  /** 3D viewports: rendering preset name (e.g. CT-Bone). */
  preset: z.string().max(64).optional(),
  /** Stack viewports: grey scale inverted, image mirrored (rotation is in the camera's viewUp). */
  display: z
    .object({ invert: z.boolean().optional(), flipHorizontal: z.boolean().optional(), flipVertical: z.boolean().optional() })
    .strict()
    .optional(),
});

export const ViewportStateSchema = z.object({
  layout: z.object({ rows: z.number().int().min(1).max(4), columns: z.number().int().min(1).max(4) }),
  activeViewportId: idSchema.optional(),
  viewports: z.array(FollowedViewportSchema).max(16),
});
export type ViewportState = z.infer<typeof ViewportStateSchema>;
