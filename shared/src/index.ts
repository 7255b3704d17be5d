export * from './errors.js';
export * from './dicom/transferSyntaxes.js';
export * from './dicom/tags.js';
export * from './dicom/storageSopClasses.js';
export * from './events/archiveEvents.js';
export * from './protocol/index.js';
