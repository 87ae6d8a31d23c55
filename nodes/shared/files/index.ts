/**
 * Cutting files, for the Mindee nodes. This folder owns:
 * - the pieces a result describes (`pieces.ts`: split page ranges, crop boxes from polygons) and their names;
 * - the items a result's entries become, numbered, each with its piece (`items.ts`);
 * - cutting them: PDF page ranges and vector-exact PDF crops with @cantoo/pdf-lib (`pdfCut.ts`), image
 *   crops in the photo's own format with sharp (`imageCut.ts`), both required on first use (`libraries.ts`);
 * - attaching the pieces to the items the output shaping made (`attach.ts`) and the Files parameter
 *   (`description.ts`);
 * - Page Selection before upload (`pageSelection.ts`).
 * It reads no API's shapes: each node turns its own results into `ItemWithPiece`s.
 */
export { attachFiles } from './attach';
export type { FilesMode } from './description';
export { filesProperty } from './description';
export type { ItemWithPiece } from './items';
export { numberedItems } from './items';
export type { PageSelectionOption } from './pageSelection';
export { pageSelectionProperty, readSelectedDocument } from './pageSelection';
export type { Piece } from './pieces';
export { pageBox, pageGroup, pageRange } from './pieces';
