export * from './errors.js';
export * from './dicom/transferSyntaxes.js';
export * from './dicom/tags.js';
export * from './dicom/storageSopClasses.js';
export * from './events/archiveEvents.js';
export * from './protocol/index.js';
export * from './audit/auditRecord.js';
export * from './audit/dicomAuditMessage.js';
