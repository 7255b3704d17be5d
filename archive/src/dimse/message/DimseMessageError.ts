import { AppError } from '@consilium/shared';

/**
 * A DIMSE command set, data set or Part 10 meta header that cannot be decoded
 * (or a value that cannot be encoded). Every failure of the message codecs is this
 * one class, so the association layer has one thing to catch: an undecodable
 * command aborts the association (PS3.8 9.3.8), an undecodable identifier is
 * answered with the status of its code (`InvalidDicom`, C000H "unable to process").
 * The message says where and why, never attribute values of patients.
 */
export class DimseMessageError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('InvalidDicom', message, options);
    this.name = 'DimseMessageError';
  }
}
