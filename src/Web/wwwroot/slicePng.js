// One annotated slice as the annotation API takes it: an 8-bit grayscale PNG (colour type 0, bit depth 8) whose
// pixel value is the class index and 255 "not annotated". Encoded here with the browser's own zlib
// (CompressionStream "deflate" writes RFC 1950 streams, what PNG's IDAT holds) so a slice goes straight to the API.

const crcTable = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();

function crc32(bytes) {
    let c = 0xFFFFFFFF;
    for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
}

function chunk(type, data) {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
}

async function deflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** PNG bytes of a width × height grayscale image given row by row (pixels[col + row * width]). */
export async function encodeGrayPng(width, height, pixels) {
    const header = new Uint8Array(13);
    const view = new DataView(header.buffer);
    view.setUint32(0, width);
    view.setUint32(4, height);
    header[8] = 8; // bit depth
    header[9] = 0; // colour type: grayscale
    // Each row starts with filter type 0 (none).
    const raw = new Uint8Array(height * (width + 1));
    for (let row = 0; row < height; row++) raw.set(pixels.subarray(row * width, (row + 1) * width), row * (width + 1) + 1);
    const parts = [
        new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        chunk("IHDR", header),
        chunk("IDAT", await deflate(raw)),
        chunk("IEND", new Uint8Array(0)),
    ];
    const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { png.set(p, at); at += p.length; }
    return png;
}

/**
 * The slice's pixels in the API's layout from a volume in NIfTI index order (voxel i + j*X + k*X*Y):
 * axis z → X × Y (col i, row j), axis y → X × Z (col i, row k), axis x → Y × Z (col j, row k).
 */
export function slicePixels(volume, dims, axis, index, valueOf) {
    const [X, Y, Z] = dims;
    const [width, height] = axis === "z" ? [X, Y] : axis === "y" ? [X, Z] : [Y, Z];
    const pixels = new Uint8Array(width * height);
    for (let row = 0; row < height; row++) {
        for (let col = 0; col < width; col++) {
            const [i, j, k] = axis === "z" ? [col, row, index] : axis === "y" ? [col, index, row] : [index, col, row];
            pixels[col + row * width] = valueOf(volume[i + j * X + k * X * Y]);
        }
    }
    return { width, height, pixels };
}
