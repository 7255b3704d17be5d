/**
 * Ground truth of the synthetic thorax that `generateSyntheticCt` renders, for tests of
 * the archive and the viewer. Coordinates are DICOM patient coordinates in mm (LPS,
 * PS3.3 C.7.6.2.1.1): +x towards the patient's left, +y posterior, +z towards the head.
 * The patient lies head-first supine; image column 256 is x = 0 and row 256 is y = 0
 * in the default 512x512 grid.
 *
 * Every z below lies on the default slice grid, z = 137.5 − 1.25·(InstanceNumber − 1)
 * (see `syntheticCtSliceZ`), so the truth is sampled exactly, never interpolated. Values
 * are noise-free; the default noise (triangular, SD 3 HU) keeps every voxel within
 * ±7.4 HU of them.
 */
export interface Point3Mm {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export interface SphereTruth {
  readonly label: string;
  readonly centre: Point3Mm;
  readonly diameterMm: number;
  readonly hu: number;
}

/** A point inside one tissue; every voxel within `flatRadiusMm` of it has the same truth. */
export interface ProbeTruth {
  readonly label: string;
  readonly point: Point3Mm;
  readonly hu: number;
  readonly flatRadiusMm: number;
}

/** Attenuation of each tissue of the phantom, in HU. */
export const TISSUE_HU = {
  air: -1000,
  lung: -850,
  subcutaneousFat: -100,
  visceralFat: -80,
  skin: 40,
  mediastinum: 40,
  muscle: 50,
  myocardium: 45,
  pulmonaryVessel: 60,
  contrastBlood: 200,
  rightHeartBlood: 150,
  venousBlood: 110,
  liver: 60,
  spleen: 45,
  kidneyCortex: 150,
  kidneyMedulla: 40,
  stomachFluid: 15,
  csf: 15,
  disc: 80,
  corticalBone: 750,
  cancellousBone: 250,
  costalCartilage: 130,
  tableShell: 250,
  tableCore: -550,
} as const;

const lungNodule: SphereTruth = {
  label: 'Solid nodule, right upper lobe',
  centre: { x: -75, y: -15, z: 50 },
  diameterMm: 20,
  hu: 30,
};
const liverLesion: SphereTruth = {
  label: 'Hypodense lesion, right liver lobe',
  centre: { x: -60, y: 25, z: -95 },
  diameterMm: 12,
  hu: 15,
};
const calcifiedNodule: SphereTruth = {
  label: 'Calcified granuloma, left upper lobe',
  centre: { x: 85, y: 20, z: 100 },
  diameterMm: 8,
  hu: 400,
};

/**
 * Two 2 mm radio-opaque skin markers (beads) in air 5 mm in front of the anterior
 * chest wall, 100.0 mm apart along x in the slice z = 0. They are painted with
 * partial-volume edges, so their intensity-weighted centroids sit on these centres.
 */
const markers = {
  a: { x: -50, y: -110.6, z: 0 },
  b: { x: 50, y: -110.6, z: 0 },
  diameterMm: 2,
  hu: 1000,
  distanceMm: 100,
} as const;

function probe(label: string, point: Point3Mm, hu: number, flatRadiusMm = 2): ProbeTruth {
  return { label, point, hu, flatRadiusMm };
}

export const PHANTOM = {
  lesions: { lungNodule, liverLesion, calcifiedNodule },
  /** A disk of liver parenchyma in the slice z = −70 for ROI-mean tests. */
  homogeneousRegion: {
    label: 'Liver parenchyma',
    centre: { x: -50, y: 0, z: -70 },
    radiusMm: 20,
    hu: TISSUE_HU.liver,
  },
  markers,
  /**
   * Vertebral bodies: a cylinder of cancellous bone in a cortical shell, repeating
   * every `levelHeightMm` along z with a disc in z mod 27.5 ∈ [0, 5).
   */
  spine: {
    bodyCentre: { x: 0, y: 55 },
    bodyRadiusMm: 16,
    corticalThicknessMm: 2,
    levelHeightMm: 27.5,
    discHeightMm: 5,
    endplateMm: 1.5,
  },
  probes: [
    probe('Air in front of the patient', { x: 0, y: -150, z: 0 }, TISSUE_HU.air),
    probe('Right lung', { x: -105, y: 35, z: 70 }, TISSUE_HU.lung),
    probe('Left lung', { x: 95, y: 35, z: 35 }, TISSUE_HU.lung),
    probe('Anterior subcutaneous fat', { x: 0, y: -102, z: 0 }, TISSUE_HU.subcutaneousFat),
    probe('Descending aorta (contrast)', { x: 22, y: 32, z: 0 }, TISSUE_HU.contrastBlood),
    probe('Vertebral body cortex', { x: 0, y: 70, z: 12.5 }, TISSUE_HU.corticalBone, 0.7),
    probe('Vertebral body cancellous bone', { x: 0, y: 55, z: 12.5 }, TISSUE_HU.cancellousBone),
    probe('Intervertebral disc', { x: 0, y: 55, z: 2.5 }, TISSUE_HU.disc),
    probe('Liver', { x: -50, y: 0, z: -70 }, TISSUE_HU.liver),
    probe('Spleen', { x: 82, y: 45, z: -95 }, TISSUE_HU.spleen),
  ] as readonly ProbeTruth[],
} as const;
