/** The part of dcmjs the web app uses (dcmjs ships no typings): writing a naturalized dataset as Part 10. */
declare module 'dcmjs' {
  interface DicomDict {
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      datasetToDict(dataset: Record<string, unknown>): DicomDict;
    };
  };
  export default dcmjs;
}
