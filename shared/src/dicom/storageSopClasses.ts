/**
 * Storage SOP Classes the archive accepts over C-STORE and STOW-RS.
 *
 * The table is PS3.4 Table B.5-1 (Storage Service Class) plus the Non-Patient
 * Object Storage classes of PS3.4 Table GG.3-1 (hanging protocols, colour palettes,
 * implant templates, defined procedure protocols, protocol approval, inventory),
 * which travel the same C-STORE path. Retired classes that older modalities still
 * send are kept with `retired: true` (PS3.6 Annex A lists them as retired).
 * DICOS and DICONDE classes (security and industrial inspection) are left out.
 *
 * UIDs, names and keywords are those of the PS3.6 Annex A UID registry as
 * published in pydicom's generated `_uid_dict.py` (2025 edition of the standard).
 */
export interface StorageSopClass {
  readonly uid: string;
  /** PS3.6 keyword; retired classes whose name was reused end in `Retired`. */
  readonly keyword: string;
  readonly name: string;
  readonly retired: boolean;
}

const c = (uid: string, keyword: string, name: string): StorageSopClass => ({ uid, keyword, name, retired: false });
const r = (uid: string, keyword: string, name: string): StorageSopClass => ({ uid, keyword, name, retired: true });

const S = '1.2.840.10008.5.1.4.1.1';

export const STORAGE_SOP_CLASSES: readonly StorageSopClass[] = [
  // Projection radiography, CT, MR, ultrasound, secondary capture
  c(`${S}.1`, 'ComputedRadiographyImageStorage', 'Computed Radiography Image Storage'),
  c(`${S}.1.1`, 'DigitalXRayImageStorageForPresentation', 'Digital X-Ray Image Storage - For Presentation'),
  c(`${S}.1.1.1`, 'DigitalXRayImageStorageForProcessing', 'Digital X-Ray Image Storage - For Processing'),
  c(`${S}.1.2`, 'DigitalMammographyXRayImageStorageForPresentation', 'Digital Mammography X-Ray Image Storage - For Presentation'),
  c(`${S}.1.2.1`, 'DigitalMammographyXRayImageStorageForProcessing', 'Digital Mammography X-Ray Image Storage - For Processing'),
  c(`${S}.1.3`, 'DigitalIntraOralXRayImageStorageForPresentation', 'Digital Intra-Oral X-Ray Image Storage - For Presentation'),
  c(`${S}.1.3.1`, 'DigitalIntraOralXRayImageStorageForProcessing', 'Digital Intra-Oral X-Ray Image Storage - For Processing'),
  c(`${S}.2`, 'CTImageStorage', 'CT Image Storage'),
  c(`${S}.2.1`, 'EnhancedCTImageStorage', 'Enhanced CT Image Storage'),
  c(`${S}.2.2`, 'LegacyConvertedEnhancedCTImageStorage', 'Legacy Converted Enhanced CT Image Storage'),
  r(`${S}.3`, 'UltrasoundMultiFrameImageStorageRetired', 'Ultrasound Multi-frame Image Storage (Retired)'),
  c(`${S}.3.1`, 'UltrasoundMultiFrameImageStorage', 'Ultrasound Multi-frame Image Storage'),
  c(`${S}.4`, 'MRImageStorage', 'MR Image Storage'),
  c(`${S}.4.1`, 'EnhancedMRImageStorage', 'Enhanced MR Image Storage'),
  c(`${S}.4.2`, 'MRSpectroscopyStorage', 'MR Spectroscopy Storage'),
  c(`${S}.4.3`, 'EnhancedMRColorImageStorage', 'Enhanced MR Color Image Storage'),
  c(`${S}.4.4`, 'LegacyConvertedEnhancedMRImageStorage', 'Legacy Converted Enhanced MR Image Storage'),
  r(`${S}.5`, 'NuclearMedicineImageStorageRetired', 'Nuclear Medicine Image Storage (Retired)'),
  r(`${S}.6`, 'UltrasoundImageStorageRetired', 'Ultrasound Image Storage (Retired)'),
  c(`${S}.6.1`, 'UltrasoundImageStorage', 'Ultrasound Image Storage'),
  c(`${S}.6.2`, 'EnhancedUSVolumeStorage', 'Enhanced US Volume Storage'),
  c(`${S}.6.3`, 'PhotoacousticImageStorage', 'Photoacoustic Image Storage'),
  c(`${S}.7`, 'SecondaryCaptureImageStorage', 'Secondary Capture Image Storage'),
  c(`${S}.7.1`, 'MultiFrameSingleBitSecondaryCaptureImageStorage', 'Multi-frame Single Bit Secondary Capture Image Storage'),
  c(`${S}.7.2`, 'MultiFrameGrayscaleByteSecondaryCaptureImageStorage', 'Multi-frame Grayscale Byte Secondary Capture Image Storage'),
  c(`${S}.7.3`, 'MultiFrameGrayscaleWordSecondaryCaptureImageStorage', 'Multi-frame Grayscale Word Secondary Capture Image Storage'),
  c(`${S}.7.4`, 'MultiFrameTrueColorSecondaryCaptureImageStorage', 'Multi-frame True Color Secondary Capture Image Storage'),
  r(`${S}.8`, 'StandaloneOverlayStorage', 'Standalone Overlay Storage'),
  r(`${S}.9`, 'StandaloneCurveStorage', 'Standalone Curve Storage'),

  // Waveforms
  r(`${S}.9.1`, 'WaveformStorageTrial', 'Waveform Storage - Trial'),
  c(`${S}.9.1.1`, 'TwelveLeadECGWaveformStorage', '12-lead ECG Waveform Storage'),
  c(`${S}.9.1.2`, 'GeneralECGWaveformStorage', 'General ECG Waveform Storage'),
  c(`${S}.9.1.3`, 'AmbulatoryECGWaveformStorage', 'Ambulatory ECG Waveform Storage'),
  c(`${S}.9.1.4`, 'General32bitECGWaveformStorage', 'General 32-bit ECG Waveform Storage'),
  c(`${S}.9.2.1`, 'HemodynamicWaveformStorage', 'Hemodynamic Waveform Storage'),
  c(`${S}.9.3.1`, 'CardiacElectrophysiologyWaveformStorage', 'Cardiac Electrophysiology Waveform Storage'),
  c(`${S}.9.4.1`, 'BasicVoiceAudioWaveformStorage', 'Basic Voice Audio Waveform Storage'),
  c(`${S}.9.4.2`, 'GeneralAudioWaveformStorage', 'General Audio Waveform Storage'),
  c(`${S}.9.5.1`, 'ArterialPulseWaveformStorage', 'Arterial Pulse Waveform Storage'),
  c(`${S}.9.6.1`, 'RespiratoryWaveformStorage', 'Respiratory Waveform Storage'),
  c(`${S}.9.6.2`, 'MultichannelRespiratoryWaveformStorage', 'Multi-channel Respiratory Waveform Storage'),
  c(`${S}.9.7.1`, 'RoutineScalpElectroencephalogramWaveformStorage', 'Routine Scalp Electroencephalogram Waveform Storage'),
  c(`${S}.9.7.2`, 'ElectromyogramWaveformStorage', 'Electromyogram Waveform Storage'),
  c(`${S}.9.7.3`, 'ElectrooculogramWaveformStorage', 'Electrooculogram Waveform Storage'),
  c(`${S}.9.7.4`, 'SleepElectroencephalogramWaveformStorage', 'Sleep Electroencephalogram Waveform Storage'),
  c(`${S}.9.8.1`, 'BodyPositionWaveformStorage', 'Body Position Waveform Storage'),

  // Presentation states
  r(`${S}.10`, 'StandaloneModalityLUTStorage', 'Standalone Modality LUT Storage'),
  r(`${S}.11`, 'StandaloneVOILUTStorage', 'Standalone VOI LUT Storage'),
  c(`${S}.11.1`, 'GrayscaleSoftcopyPresentationStateStorage', 'Grayscale Softcopy Presentation State Storage'),
  c(`${S}.11.2`, 'ColorSoftcopyPresentationStateStorage', 'Color Softcopy Presentation State Storage'),
  c(`${S}.11.3`, 'PseudoColorSoftcopyPresentationStateStorage', 'Pseudo-Color Softcopy Presentation State Storage'),
  c(`${S}.11.4`, 'BlendingSoftcopyPresentationStateStorage', 'Blending Softcopy Presentation State Storage'),
  c(`${S}.11.5`, 'XAXRFGrayscaleSoftcopyPresentationStateStorage', 'XA/XRF Grayscale Softcopy Presentation State Storage'),
  c(`${S}.11.6`, 'GrayscalePlanarMPRVolumetricPresentationStateStorage', 'Grayscale Planar MPR Volumetric Presentation State Storage'),
  c(`${S}.11.7`, 'CompositingPlanarMPRVolumetricPresentationStateStorage', 'Compositing Planar MPR Volumetric Presentation State Storage'),
  c(`${S}.11.8`, 'AdvancedBlendingPresentationStateStorage', 'Advanced Blending Presentation State Storage'),
  c(`${S}.11.9`, 'VolumeRenderingVolumetricPresentationStateStorage', 'Volume Rendering Volumetric Presentation State Storage'),
  c(`${S}.11.10`, 'SegmentedVolumeRenderingVolumetricPresentationStateStorage', 'Segmented Volume Rendering Volumetric Presentation State Storage'),
  c(`${S}.11.11`, 'MultipleVolumeRenderingVolumetricPresentationStateStorage', 'Multiple Volume Rendering Volumetric Presentation State Storage'),
  c(`${S}.11.12`, 'VariableModalityLUTSoftcopyPresentationStateStorage', 'Variable Modality LUT Softcopy Presentation State Storage'),

  // X-ray angiography, fluoroscopy, 3D X-ray, breast, intravascular OCT
  c(`${S}.12.1`, 'XRayAngiographicImageStorage', 'X-Ray Angiographic Image Storage'),
  c(`${S}.12.1.1`, 'EnhancedXAImageStorage', 'Enhanced XA Image Storage'),
  c(`${S}.12.2`, 'XRayRadiofluoroscopicImageStorage', 'X-Ray Radiofluoroscopic Image Storage'),
  c(`${S}.12.2.1`, 'EnhancedXRFImageStorage', 'Enhanced XRF Image Storage'),
  r(`${S}.12.3`, 'XRayAngiographicBiPlaneImageStorage', 'X-Ray Angiographic Bi-Plane Image Storage'),
  c(`${S}.13.1.1`, 'XRay3DAngiographicImageStorage', 'X-Ray 3D Angiographic Image Storage'),
  c(`${S}.13.1.2`, 'XRay3DCraniofacialImageStorage', 'X-Ray 3D Craniofacial Image Storage'),
  c(`${S}.13.1.3`, 'BreastTomosynthesisImageStorage', 'Breast Tomosynthesis Image Storage'),
  c(`${S}.13.1.4`, 'BreastProjectionXRayImageStorageForPresentation', 'Breast Projection X-Ray Image Storage - For Presentation'),
  c(`${S}.13.1.5`, 'BreastProjectionXRayImageStorageForProcessing', 'Breast Projection X-Ray Image Storage - For Processing'),
  c(`${S}.14.1`, 'IntravascularOpticalCoherenceTomographyImageStorageForPresentation', 'Intravascular Optical Coherence Tomography Image Storage - For Presentation'),
  c(`${S}.14.2`, 'IntravascularOpticalCoherenceTomographyImageStorageForProcessing', 'Intravascular Optical Coherence Tomography Image Storage - For Processing'),

  // Nuclear medicine, parametric maps, derived and spatial objects
  c(`${S}.20`, 'NuclearMedicineImageStorage', 'Nuclear Medicine Image Storage'),
  c(`${S}.30`, 'ParametricMapStorage', 'Parametric Map Storage'),
  c(`${S}.66`, 'RawDataStorage', 'Raw Data Storage'),
  c(`${S}.66.1`, 'SpatialRegistrationStorage', 'Spatial Registration Storage'),
  c(`${S}.66.2`, 'SpatialFiducialsStorage', 'Spatial Fiducials Storage'),
  c(`${S}.66.3`, 'DeformableSpatialRegistrationStorage', 'Deformable Spatial Registration Storage'),
  c(`${S}.66.4`, 'SegmentationStorage', 'Segmentation Storage'),
  c(`${S}.66.5`, 'SurfaceSegmentationStorage', 'Surface Segmentation Storage'),
  c(`${S}.66.6`, 'TractographyResultsStorage', 'Tractography Results Storage'),
  c(`${S}.66.7`, 'LabelMapSegmentationStorage', 'Label Map Segmentation Storage'),
  c(`${S}.66.8`, 'HeightMapSegmentationStorage', 'Height Map Segmentation Storage'),
  c(`${S}.67`, 'RealWorldValueMappingStorage', 'Real World Value Mapping Storage'),
  c(`${S}.68.1`, 'SurfaceScanMeshStorage', 'Surface Scan Mesh Storage'),
  c(`${S}.68.2`, 'SurfaceScanPointCloudStorage', 'Surface Scan Point Cloud Storage'),

  // Visible light: endoscopy, microscopy, photography, ophthalmology, dermoscopy
  r(`${S}.77.1`, 'VLImageStorageTrial', 'VL Image Storage - Trial'),
  r(`${S}.77.2`, 'VLMultiFrameImageStorageTrial', 'VL Multi-frame Image Storage - Trial'),
  c(`${S}.77.1.1`, 'VLEndoscopicImageStorage', 'VL Endoscopic Image Storage'),
  c(`${S}.77.1.1.1`, 'VideoEndoscopicImageStorage', 'Video Endoscopic Image Storage'),
  c(`${S}.77.1.2`, 'VLMicroscopicImageStorage', 'VL Microscopic Image Storage'),
  c(`${S}.77.1.2.1`, 'VideoMicroscopicImageStorage', 'Video Microscopic Image Storage'),
  c(`${S}.77.1.3`, 'VLSlideCoordinatesMicroscopicImageStorage', 'VL Slide-Coordinates Microscopic Image Storage'),
  c(`${S}.77.1.4`, 'VLPhotographicImageStorage', 'VL Photographic Image Storage'),
  c(`${S}.77.1.4.1`, 'VideoPhotographicImageStorage', 'Video Photographic Image Storage'),
  c(`${S}.77.1.5.1`, 'OphthalmicPhotography8BitImageStorage', 'Ophthalmic Photography 8 Bit Image Storage'),
  c(`${S}.77.1.5.2`, 'OphthalmicPhotography16BitImageStorage', 'Ophthalmic Photography 16 Bit Image Storage'),
  c(`${S}.77.1.5.3`, 'StereometricRelationshipStorage', 'Stereometric Relationship Storage'),
  c(`${S}.77.1.5.4`, 'OphthalmicTomographyImageStorage', 'Ophthalmic Tomography Image Storage'),
  c(`${S}.77.1.5.5`, 'WideFieldOphthalmicPhotographyStereographicProjectionImageStorage', 'Wide Field Ophthalmic Photography Stereographic Projection Image Storage'),
  c(`${S}.77.1.5.6`, 'WideFieldOphthalmicPhotography3DCoordinatesImageStorage', 'Wide Field Ophthalmic Photography 3D Coordinates Image Storage'),
  c(`${S}.77.1.5.7`, 'OphthalmicOpticalCoherenceTomographyEnFaceImageStorage', 'Ophthalmic Optical Coherence Tomography En Face Image Storage'),
  c(`${S}.77.1.5.8`, 'OphthalmicOpticalCoherenceTomographyBscanVolumeAnalysisStorage', 'Ophthalmic Optical Coherence Tomography B-scan Volume Analysis Storage'),
  c(`${S}.77.1.6`, 'VLWholeSlideMicroscopyImageStorage', 'VL Whole Slide Microscopy Image Storage'),
  c(`${S}.77.1.7`, 'DermoscopicPhotographyImageStorage', 'Dermoscopic Photography Image Storage'),
  c(`${S}.77.1.8`, 'ConfocalMicroscopyImageStorage', 'Confocal Microscopy Image Storage'),
  c(`${S}.77.1.9`, 'ConfocalMicroscopyTiledPyramidalImageStorage', 'Confocal Microscopy Tiled Pyramidal Image Storage'),

  // Ophthalmic measurements and maps
  c(`${S}.78.1`, 'LensometryMeasurementsStorage', 'Lensometry Measurements Storage'),
  c(`${S}.78.2`, 'AutorefractionMeasurementsStorage', 'Autorefraction Measurements Storage'),
  c(`${S}.78.3`, 'KeratometryMeasurementsStorage', 'Keratometry Measurements Storage'),
  c(`${S}.78.4`, 'SubjectiveRefractionMeasurementsStorage', 'Subjective Refraction Measurements Storage'),
  c(`${S}.78.5`, 'VisualAcuityMeasurementsStorage', 'Visual Acuity Measurements Storage'),
  c(`${S}.78.6`, 'SpectaclePrescriptionReportStorage', 'Spectacle Prescription Report Storage'),
  c(`${S}.78.7`, 'OphthalmicAxialMeasurementsStorage', 'Ophthalmic Axial Measurements Storage'),
  c(`${S}.78.8`, 'IntraocularLensCalculationsStorage', 'Intraocular Lens Calculations Storage'),
  c(`${S}.79.1`, 'MacularGridThicknessAndVolumeReportStorage', 'Macular Grid Thickness and Volume Report Storage'),
  c(`${S}.80.1`, 'OphthalmicVisualFieldStaticPerimetryMeasurementsStorage', 'Ophthalmic Visual Field Static Perimetry Measurements Storage'),
  c(`${S}.81.1`, 'OphthalmicThicknessMapStorage', 'Ophthalmic Thickness Map Storage'),
  c(`${S}.82.1`, 'CornealTopographyMapStorage', 'Corneal Topography Map Storage'),

  // Structured reports and other documents
  r(`${S}.88.1`, 'TextSRStorageTrial', 'Text SR Storage - Trial'),
  r(`${S}.88.2`, 'AudioSRStorageTrial', 'Audio SR Storage - Trial'),
  r(`${S}.88.3`, 'DetailSRStorageTrial', 'Detail SR Storage - Trial'),
  r(`${S}.88.4`, 'ComprehensiveSRStorageTrial', 'Comprehensive SR Storage - Trial'),
  c(`${S}.88.11`, 'BasicTextSRStorage', 'Basic Text SR Storage'),
  c(`${S}.88.22`, 'EnhancedSRStorage', 'Enhanced SR Storage'),
  c(`${S}.88.33`, 'ComprehensiveSRStorage', 'Comprehensive SR Storage'),
  c(`${S}.88.34`, 'Comprehensive3DSRStorage', 'Comprehensive 3D SR Storage'),
  c(`${S}.88.35`, 'ExtensibleSRStorage', 'Extensible SR Storage'),
  c(`${S}.88.40`, 'ProcedureLogStorage', 'Procedure Log Storage'),
  c(`${S}.88.50`, 'MammographyCADSRStorage', 'Mammography CAD SR Storage'),
  c(`${S}.88.59`, 'KeyObjectSelectionDocumentStorage', 'Key Object Selection Document Storage'),
  c(`${S}.88.65`, 'ChestCADSRStorage', 'Chest CAD SR Storage'),
  c(`${S}.88.67`, 'XRayRadiationDoseSRStorage', 'X-Ray Radiation Dose SR Storage'),
  c(`${S}.88.68`, 'RadiopharmaceuticalRadiationDoseSRStorage', 'Radiopharmaceutical Radiation Dose SR Storage'),
  c(`${S}.88.69`, 'ColonCADSRStorage', 'Colon CAD SR Storage'),
  c(`${S}.88.70`, 'ImplantationPlanSRStorage', 'Implantation Plan SR Storage'),
  c(`${S}.88.71`, 'AcquisitionContextSRStorage', 'Acquisition Context SR Storage'),
  c(`${S}.88.72`, 'SimplifiedAdultEchoSRStorage', 'Simplified Adult Echo SR Storage'),
  c(`${S}.88.73`, 'PatientRadiationDoseSRStorage', 'Patient Radiation Dose SR Storage'),
  c(`${S}.88.74`, 'PlannedImagingAgentAdministrationSRStorage', 'Planned Imaging Agent Administration SR Storage'),
  c(`${S}.88.75`, 'PerformedImagingAgentAdministrationSRStorage', 'Performed Imaging Agent Administration SR Storage'),
  c(`${S}.88.76`, 'EnhancedXRayRadiationDoseSRStorage', 'Enhanced X-Ray Radiation Dose SR Storage'),
  c(`${S}.88.77`, 'WaveformAnnotationSRStorage', 'Waveform Annotation SR Storage'),
  c(`${S}.90.1`, 'ContentAssessmentResultsStorage', 'Content Assessment Results Storage'),
  c(`${S}.91.1`, 'MicroscopyBulkSimpleAnnotationsStorage', 'Microscopy Bulk Simple Annotations Storage'),
  c(`${S}.104.1`, 'EncapsulatedPDFStorage', 'Encapsulated PDF Storage'),
  c(`${S}.104.2`, 'EncapsulatedCDAStorage', 'Encapsulated CDA Storage'),
  c(`${S}.104.3`, 'EncapsulatedSTLStorage', 'Encapsulated STL Storage'),
  c(`${S}.104.4`, 'EncapsulatedOBJStorage', 'Encapsulated OBJ Storage'),
  c(`${S}.104.5`, 'EncapsulatedMTLStorage', 'Encapsulated MTL Storage'),

  // PET, structured display, procedure protocols, inventory
  c(`${S}.128`, 'PositronEmissionTomographyImageStorage', 'Positron Emission Tomography Image Storage'),
  c(`${S}.128.1`, 'LegacyConvertedEnhancedPETImageStorage', 'Legacy Converted Enhanced PET Image Storage'),
  r(`${S}.129`, 'StandalonePETCurveStorage', 'Standalone PET Curve Storage'),
  c(`${S}.130`, 'EnhancedPETImageStorage', 'Enhanced PET Image Storage'),
  c(`${S}.131`, 'BasicStructuredDisplayStorage', 'Basic Structured Display Storage'),
  c(`${S}.200.1`, 'CTDefinedProcedureProtocolStorage', 'CT Defined Procedure Protocol Storage'),
  c(`${S}.200.2`, 'CTPerformedProcedureProtocolStorage', 'CT Performed Procedure Protocol Storage'),
  c(`${S}.200.3`, 'ProtocolApprovalStorage', 'Protocol Approval Storage'),
  c(`${S}.200.7`, 'XADefinedProcedureProtocolStorage', 'XA Defined Procedure Protocol Storage'),
  c(`${S}.200.8`, 'XAPerformedProcedureProtocolStorage', 'XA Performed Procedure Protocol Storage'),
  c(`${S}.201.1`, 'InventoryStorage', 'Inventory Storage'),

  // Radiotherapy, first and second generation
  c(`${S}.481.1`, 'RTImageStorage', 'RT Image Storage'),
  c(`${S}.481.2`, 'RTDoseStorage', 'RT Dose Storage'),
  c(`${S}.481.3`, 'RTStructureSetStorage', 'RT Structure Set Storage'),
  c(`${S}.481.4`, 'RTBeamsTreatmentRecordStorage', 'RT Beams Treatment Record Storage'),
  c(`${S}.481.5`, 'RTPlanStorage', 'RT Plan Storage'),
  c(`${S}.481.6`, 'RTBrachyTreatmentRecordStorage', 'RT Brachy Treatment Record Storage'),
  c(`${S}.481.7`, 'RTTreatmentSummaryRecordStorage', 'RT Treatment Summary Record Storage'),
  c(`${S}.481.8`, 'RTIonPlanStorage', 'RT Ion Plan Storage'),
  c(`${S}.481.9`, 'RTIonBeamsTreatmentRecordStorage', 'RT Ion Beams Treatment Record Storage'),
  c(`${S}.481.10`, 'RTPhysicianIntentStorage', 'RT Physician Intent Storage'),
  c(`${S}.481.11`, 'RTSegmentAnnotationStorage', 'RT Segment Annotation Storage'),
  c(`${S}.481.12`, 'RTRadiationSetStorage', 'RT Radiation Set Storage'),
  c(`${S}.481.13`, 'CArmPhotonElectronRadiationStorage', 'C-Arm Photon-Electron Radiation Storage'),
  c(`${S}.481.14`, 'TomotherapeuticRadiationStorage', 'Tomotherapeutic Radiation Storage'),
  c(`${S}.481.15`, 'RoboticArmRadiationStorage', 'Robotic-Arm Radiation Storage'),
  c(`${S}.481.16`, 'RTRadiationRecordSetStorage', 'RT Radiation Record Set Storage'),
  c(`${S}.481.17`, 'RTRadiationSalvageRecordStorage', 'RT Radiation Salvage Record Storage'),
  c(`${S}.481.18`, 'TomotherapeuticRadiationRecordStorage', 'Tomotherapeutic Radiation Record Storage'),
  c(`${S}.481.19`, 'CArmPhotonElectronRadiationRecordStorage', 'C-Arm Photon-Electron Radiation Record Storage'),
  c(`${S}.481.20`, 'RoboticRadiationRecordStorage', 'Robotic Radiation Record Storage'),
  c(`${S}.481.21`, 'RTRadiationSetDeliveryInstructionStorage', 'RT Radiation Set Delivery Instruction Storage'),
  c(`${S}.481.22`, 'RTTreatmentPreparationStorage', 'RT Treatment Preparation Storage'),
  c(`${S}.481.23`, 'EnhancedRTImageStorage', 'Enhanced RT Image Storage'),
  c(`${S}.481.24`, 'EnhancedContinuousRTImageStorage', 'Enhanced Continuous RT Image Storage'),
  c(`${S}.481.25`, 'RTPatientPositionAcquisitionInstructionStorage', 'RT Patient Position Acquisition Instruction Storage'),
  r('1.2.840.10008.5.1.4.34.1', 'RTBeamsDeliveryInstructionStorageTrial', 'RT Beams Delivery Instruction Storage - Trial'),
  c('1.2.840.10008.5.1.4.34.7', 'RTBeamsDeliveryInstructionStorage', 'RT Beams Delivery Instruction Storage'),
  c('1.2.840.10008.5.1.4.34.10', 'RTBrachyApplicationSetupDeliveryInstructionStorage', 'RT Brachy Application Setup Delivery Instruction Storage'),

  // Non-patient objects (PS3.4 Table GG.3-1)
  c('1.2.840.10008.5.1.4.38.1', 'HangingProtocolStorage', 'Hanging Protocol Storage'),
  c('1.2.840.10008.5.1.4.39.1', 'ColorPaletteStorage', 'Color Palette Storage'),
  c('1.2.840.10008.5.1.4.43.1', 'GenericImplantTemplateStorage', 'Generic Implant Template Storage'),
  c('1.2.840.10008.5.1.4.44.1', 'ImplantAssemblyTemplateStorage', 'Implant Assembly Template Storage'),
  c('1.2.840.10008.5.1.4.45.1', 'ImplantTemplateGroupStorage', 'Implant Template Group Storage'),

  // Retired print storage
  r('1.2.840.10008.5.1.1.27', 'StoredPrintStorage', 'Stored Print Storage SOP Class'),
  r('1.2.840.10008.5.1.1.29', 'HardcopyGrayscaleImageStorage', 'Hardcopy Grayscale Image Storage SOP Class'),
  r('1.2.840.10008.5.1.1.30', 'HardcopyColorImageStorage', 'Hardcopy Color Image Storage SOP Class'),
];

export const STORAGE_SOP_CLASS_BY_UID: ReadonlyMap<string, StorageSopClass> = new Map(
  STORAGE_SOP_CLASSES.map((sopClass) => [sopClass.uid, sopClass]),
);

/**
 * SOP Class UIDs that code refers to by name (PS3.6 Annex A). Storage entries
 * repeat rows of `STORAGE_SOP_CLASSES`; `storageSopClasses.test.ts` keeps the two
 * in step. The rest are the non-storage services the archive speaks: Verification
 * (PS3.4 Annex A), Query/Retrieve (Annex C), Storage Commitment (Annex J),
 * Modality Worklist (Annex K), MPPS (Annex F) and Instance Availability (Annex R).
 */
export const SopClass = {
  ComputedRadiographyImageStorage: '1.2.840.10008.5.1.4.1.1.1',
  DigitalXRayImageStorageForPresentation: '1.2.840.10008.5.1.4.1.1.1.1',
  DigitalXRayImageStorageForProcessing: '1.2.840.10008.5.1.4.1.1.1.1.1',
  DigitalMammographyXRayImageStorageForPresentation: '1.2.840.10008.5.1.4.1.1.1.2',
  DigitalMammographyXRayImageStorageForProcessing: '1.2.840.10008.5.1.4.1.1.1.2.1',
  CTImageStorage: '1.2.840.10008.5.1.4.1.1.2',
  EnhancedCTImageStorage: '1.2.840.10008.5.1.4.1.1.2.1',
  UltrasoundMultiFrameImageStorage: '1.2.840.10008.5.1.4.1.1.3.1',
  MRImageStorage: '1.2.840.10008.5.1.4.1.1.4',
  EnhancedMRImageStorage: '1.2.840.10008.5.1.4.1.1.4.1',
  UltrasoundImageStorage: '1.2.840.10008.5.1.4.1.1.6.1',
  SecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7',
  MultiFrameTrueColorSecondaryCaptureImageStorage: '1.2.840.10008.5.1.4.1.1.7.4',
  GrayscaleSoftcopyPresentationStateStorage: '1.2.840.10008.5.1.4.1.1.11.1',
  XRayAngiographicImageStorage: '1.2.840.10008.5.1.4.1.1.12.1',
  XRayRadiofluoroscopicImageStorage: '1.2.840.10008.5.1.4.1.1.12.2',
  BreastTomosynthesisImageStorage: '1.2.840.10008.5.1.4.1.1.13.1.3',
  NuclearMedicineImageStorage: '1.2.840.10008.5.1.4.1.1.20',
  ParametricMapStorage: '1.2.840.10008.5.1.4.1.1.30',
  RawDataStorage: '1.2.840.10008.5.1.4.1.1.66',
  SpatialRegistrationStorage: '1.2.840.10008.5.1.4.1.1.66.1',
  SegmentationStorage: '1.2.840.10008.5.1.4.1.1.66.4',
  VLPhotographicImageStorage: '1.2.840.10008.5.1.4.1.1.77.1.4',
  VLWholeSlideMicroscopyImageStorage: '1.2.840.10008.5.1.4.1.1.77.1.6',
  BasicTextSRStorage: '1.2.840.10008.5.1.4.1.1.88.11',
  EnhancedSRStorage: '1.2.840.10008.5.1.4.1.1.88.22',
  ComprehensiveSRStorage: '1.2.840.10008.5.1.4.1.1.88.33',
  Comprehensive3DSRStorage: '1.2.840.10008.5.1.4.1.1.88.34',
  KeyObjectSelectionDocumentStorage: '1.2.840.10008.5.1.4.1.1.88.59',
  XRayRadiationDoseSRStorage: '1.2.840.10008.5.1.4.1.1.88.67',
  MicroscopyBulkSimpleAnnotationsStorage: '1.2.840.10008.5.1.4.1.1.91.1',
  EncapsulatedPDFStorage: '1.2.840.10008.5.1.4.1.1.104.1',
  EncapsulatedCDAStorage: '1.2.840.10008.5.1.4.1.1.104.2',
  PositronEmissionTomographyImageStorage: '1.2.840.10008.5.1.4.1.1.128',
  EnhancedPETImageStorage: '1.2.840.10008.5.1.4.1.1.130',
  RTImageStorage: '1.2.840.10008.5.1.4.1.1.481.1',
  RTDoseStorage: '1.2.840.10008.5.1.4.1.1.481.2',
  RTStructureSetStorage: '1.2.840.10008.5.1.4.1.1.481.3',
  RTPlanStorage: '1.2.840.10008.5.1.4.1.1.481.5',

  VerificationSOPClass: '1.2.840.10008.1.1',
  MediaStorageDirectoryStorage: '1.2.840.10008.1.3.10',
  StorageCommitmentPushModel: '1.2.840.10008.1.20.1',
  /** Well-known SOP Instance addressed by Storage Commitment N-ACTION (PS3.4 J.3.1). */
  StorageCommitmentPushModelInstance: '1.2.840.10008.1.20.1.1',
  ModalityPerformedProcedureStep: '1.2.840.10008.3.1.2.3.3',
  PatientRootQueryRetrieveInformationModelFind: '1.2.840.10008.5.1.4.1.2.1.1',
  PatientRootQueryRetrieveInformationModelMove: '1.2.840.10008.5.1.4.1.2.1.2',
  PatientRootQueryRetrieveInformationModelGet: '1.2.840.10008.5.1.4.1.2.1.3',
  StudyRootQueryRetrieveInformationModelFind: '1.2.840.10008.5.1.4.1.2.2.1',
  StudyRootQueryRetrieveInformationModelMove: '1.2.840.10008.5.1.4.1.2.2.2',
  StudyRootQueryRetrieveInformationModelGet: '1.2.840.10008.5.1.4.1.2.2.3',
  CompositeInstanceRootRetrieveMove: '1.2.840.10008.5.1.4.1.2.4.2',
  CompositeInstanceRootRetrieveGet: '1.2.840.10008.5.1.4.1.2.4.3',
  CompositeInstanceRetrieveWithoutBulkDataGet: '1.2.840.10008.5.1.4.1.2.5.3',
  ModalityWorklistInformationModelFind: '1.2.840.10008.5.1.4.31',
  InstanceAvailabilityNotification: '1.2.840.10008.5.1.4.33',
} as const;

export type SopClassUID = (typeof SopClass)[keyof typeof SopClass];

/** True for any Storage SOP Class in the table, retired ones included. */
export function isStorageSopClass(uid: string): boolean {
  return STORAGE_SOP_CLASS_BY_UID.has(uid);
}
