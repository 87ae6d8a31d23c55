/** Files cut from documents: split page ranges and crops (pdf-lib, sharp), Page Selection before upload. */
export * from './attach';
export * from './description';
export * from './imageCut';
export * from './items';
export * from './libraries';
export * from './pageSelection';
export * from './pdfCut';
export * from './pieces';
