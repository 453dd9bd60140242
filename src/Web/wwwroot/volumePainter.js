// Painting slices for the annotation API on NiiVue's drawing layer. NiiVue's drawing keeps 0 for "nothing drawn",
// so class c is pen value c + 1 and "not annotated" (the dataset's unlabeled value) is 0, both ways.
import { NVImage, SLICE_TYPE } from "./lib/niivue/niivue.js";
import { encodeGrayPng, slicePixels } from "./slicePng.js";

const notAnnotated = 255;

/** Turns the drawing on, starting from the dataset's current labels (imported ones and saved slices) where it has any. */
export async function startPainting(state, datasetId) {
    if (!state?.image) return { ok: false, message: "no volume is shown" };
    const nv = state.nv;
    const { classes, unlabeled, rasOf } = state;
    const R = [0], G = [0], B = [0], A = [0], I = [0];
    classes.forEach((_, c) => { const [r, g, b] = state.colourOf(c); R.push(r); G.push(g); B.push(b); A.push(255); I.push(c + 1); });
    nv.setDrawColormap({ R, G, B, A, I });
    nv.createEmptyDrawing();
    let loaded = 0;
    try {
        const labels = await NVImage.loadFromUrl({ url: `/api/datasets/${encodeURIComponent(datasetId)}/labels.nii.gz`, name: "labels" });
        const bitmap = new Uint8Array(nv.drawBitmap.length);
        labels.img.forEach((value, n) => {
            if (value === unlabeled || value >= classes.length) return;
            bitmap[rasOf[n]] = value + 1;
            loaded++;
        });
        nv.drawBitmap = bitmap;
    } catch {
        // No labels yet (a volume imported without them and never annotated): an empty drawing.
    }
    nv.drawAddUndoBitmap();
    nv.refreshDrawing(true);
    nv.setDrawOpacity(0.7);
    nv.setDrawingEnabled(true);
    nv.setPenValue(1, false);
    if (nv.opts.sliceType === SLICE_TYPE.RENDER || nv.opts.sliceType === SLICE_TYPE.MULTIPLANAR) nv.setSliceType(SLICE_TYPE.AXIAL);
    state.painting = true;
    return { ok: true, loadedVoxels: loaded };
}

export function stopPainting(state) {
    if (!state?.nv) return;
    state.nv.setDrawingEnabled(false);
    state.painting = false;
}

/** classIndex < 0 erases. */
export function setPen(state, classIndex, size) {
    if (!state?.nv) return;
    state.nv.setPenValue(classIndex < 0 ? 0 : classIndex + 1, false);
    state.nv.opts.penSize = Math.max(1, size | 0);
}

export function undo(state) {
    state?.nv?.drawUndo();
}

/** How many voxels of the slice the drawing holds, and PUTs the slice as the annotation API's PNG. */
export async function saveSlice(state, datasetId, axis, index) {
    if (!state?.painting || !state.nv.drawBitmap) return { ok: false, status: 0, message: "nothing is being painted" };
    const drawing = state.nv.drawBitmap, native = new Uint8Array(drawing.length);
    for (let n = 0; n < native.length; n++) native[n] = drawing[state.rasOf[n]];
    let painted = 0;
    const { width, height, pixels } = slicePixels(native, state.dims, axis, index, v => {
        if (v === 0) return notAnnotated;
        painted++;
        return v - 1;
    });
    const png = await encodeGrayPng(width, height, pixels);
    const response = await fetch(`/api/datasets/${encodeURIComponent(datasetId)}/annotations/${axis}/${index}`, {
        method: "PUT", credentials: "same-origin", headers: { "content-type": "image/png" }, body: png,
    });
    return { ok: response.ok, status: response.status, message: await problemText(response), painted, width, height };
}

/** POSTs JSON to the lab's API; answers the status, the created id (if any) and a problem's text. */
export async function post(url, body) {
    const response = await fetch(url, {
        method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}),
    });
    let id = null, message = "";
    if (response.ok) {
        try { id = (await response.json()).id ?? null; } catch { /* no body */ }
    } else {
        message = await problemText(response);
    }
    return { ok: response.ok, status: response.status, id, message };
}

async function problemText(response) {
    if (response.ok) return "";
    const text = await response.text();
    try {
        const problem = JSON.parse(text);
        const details = problem.errors ? Object.entries(problem.errors).map(([field, list]) => `${field}: ${[].concat(list).join(" ")}`) : [];
        return [problem.detail ?? problem.title, ...details].filter(Boolean).join(" · ") || `${response.status}`;
    } catch {
        return `${response.status} ${text.slice(0, 300)}`;
    }
}
