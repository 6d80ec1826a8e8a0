/** The core's wasm bytes, inlined into main.js by esbuild's binary loader. */
declare const bytes: Uint8Array<ArrayBuffer>;
export default bytes;
