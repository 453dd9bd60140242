// The lab's volume viewer: NiiVue (vendored in lib/niivue) drawing a dataset's image with a label map over it (the
// dataset's labels or a run's prediction), the run's errors of its headline class and the planes it was taught on.
// Volumes come from the lab's NIfTI endpoints. Everything here works in the NIfTI index space of those files
// (voxel i + j*X + k*X*Y); NiiVue keeps its drawing in RAS order, so the two are mapped through the image's
// img2RAS steps, which also handles flipped or permuted axes.
import { Niivue, NVImage, SLICE_TYPE } from "./lib/niivue/niivue.js";
import * as painter from "./volumePainter.js";

const viewers = new WeakMap();

// Per class, in label order: the thumbnails' amber, magenta and blue first, then well-separated hues (16 at most).
const classColours = [
    [255, 193, 7], [233, 30, 99], [33, 150, 243], [76, 175, 80], [255, 87, 34], [0, 188, 212], [156, 39, 176],
    [205, 220, 57], [121, 85, 72], [63, 81, 181], [255, 235, 59], [0, 150, 136], [244, 67, 54], [139, 195, 74],
    [96, 125, 139], [255, 255, 255],
];
const errorColours = { falsePositive: [255, 61, 0], falseNegative: [0, 229, 255] };
const taughtColour = [255, 255, 255];
const fallbackClasses = ["inside tubule", "tubule", "background"];
const views = { axial: SLICE_TYPE.AXIAL, coronal: SLICE_TYPE.CORONAL, sagittal: SLICE_TYPE.SAGITTAL, multi: SLICE_TYPE.MULTIPLANAR, render: SLICE_TYPE.RENDER };

async function json(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    return response.ok ? response.json() : null;
}

// Class c shows as value c + 1 and 0 is clear ("not annotated", or a value that names no class): NiiVue samples a
// label table as a texture, and one as wide as 0..255 (to reach the unlabeled value 255) blends neighbouring classes.
function labelColormap(classes) {
    const I = [0], R = [0], G = [0], B = [0], A = [0];
    classes.forEach((_, c) => { const [r, g, b] = classColours[c % classColours.length]; I.push(c + 1); R.push(r); G.push(g); B.push(b); A.push(255); });
    return { R, G, B, A, I, labels: ["not annotated", ...classes] };
}

function shiftedLabels(values, classCount) {
    const shifted = new Uint8Array(values.length);
    for (let n = 0; n < values.length; n++) shifted[n] = values[n] < classCount ? values[n] + 1 : 0;
    return shifted;
}

function hex([r, g, b]) { return "#" + [r, g, b].map(v => v.toString(16).padStart(2, "0")).join(""); }

// native index → RAS index, as NiiVue orders its drawing bitmap.
export function rasOfNative(image) {
    const dimsRAS = image.dimsRAS, step = image.img2RASstep, start = image.img2RASstart;
    const count = dimsRAS[1] * dimsRAS[2] * dimsRAS[3];
    const map = new Uint32Array(count);
    let ras = 0;
    for (let rz = 0; rz < dimsRAS[3]; rz++)
        for (let ry = 0; ry < dimsRAS[2]; ry++)
            for (let rx = 0; rx < dimsRAS[1]; rx++)
                map[start[0] + rx * step[0] + start[1] + ry * step[1] + start[2] + rz * step[2]] = ras++;
    return map;
}

function rasVoxel(state, i, j, k) {
    const d = state.image.dimsRAS, r = state.rasOf[i + j * state.dims[0] + k * state.dims[0] * state.dims[1]];
    return [r % d[1], Math.floor(r / d[1]) % d[2], Math.floor(r / (d[1] * d[2]))];
}

// Which of NiiVue's 2D views shows planes of constant native axis (x, y or z): the RAS axis that axis moves along.
function sliceTypeOf(state, axis) {
    const [X, Y, Z] = state.dims, c = [Math.floor(X / 2), Math.floor(Y / 2), Math.floor(Z / 2)];
    const a = "xyz".indexOf(axis), next = [...c];
    next[a] = c[a] + 1 < state.dims[a] ? c[a] + 1 : c[a] - 1;
    const p = rasVoxel(state, ...c), q = rasVoxel(state, ...next);
    const moved = [0, 1, 2].find(n => p[n] !== q[n]) ?? 2;
    return [SLICE_TYPE.SAGITTAL, SLICE_TYPE.CORONAL, SLICE_TYPE.AXIAL][moved];
}

function overlayFrom(template, name, img, colormap) {
    const volume = template.clone();
    volume.name = name;
    volume.img = img;
    volume.hdr.datatypeCode = 2; // uint8
    volume.hdr.cal_min = 0;
    volume.hdr.cal_max = 255;
    volume.setColormapLabel(colormap);
    return volume;
}

/** Planes the run was taught on: per axis, `count` of the planes carrying labels, spread as the engine spreads them. */
function taughtPlanes(labels, dims, unlabeled, counts) {
    const planes = [];
    if (!labels || !counts) return planes;
    const [X, Y] = dims;
    ["x", "y", "z"].forEach((axis, a) => {
        const extent = dims[a], labelled = new Float64Array(extent);
        for (let n = 0; n < labels.length; n++) {
            if (labels[n] === unlabeled) continue;
            const index = a === 0 ? n % X : a === 1 ? Math.floor(n / X) % Y : Math.floor(n / (X * Y));
            labelled[index]++;
        }
        const planeSize = labels.length / extent;
        const candidates = [...labelled.keys()].filter(i => labelled[i] >= 0.5 * planeSize);
        const count = Math.min(counts[a] ?? 0, candidates.length);
        for (let i = 0; i < count; i++) planes.push({ axis, index: candidates[Math.floor((i + 0.5) * candidates.length / count)] });
    });
    return planes;
}

function planeMask(dims, planes) {
    const [X, Y, Z] = dims, mask = new Uint8Array(X * Y * Z);
    for (const { axis, index } of planes)
        for (let k = 0; k < Z; k++) for (let j = 0; j < Y; j++) for (let i = 0; i < X; i++)
            if ((axis === "x" && i === index) || (axis === "y" && j === index) || (axis === "z" && k === index)) mask[i + j * X + k * X * Y] = 1;
    return mask;
}

/**
 * Shows a volume on the canvas. source: { datasetId, experimentId?, overlay: "labels"|"prediction"|null, errors,
 * taughtCounts?: [x,y,z], view, opacity }. Returns what the page shows around it (dims, window, legend).
 */
export async function show(canvas, source) {
    let state = viewers.get(canvas);
    if (!state) {
        const nv = new Niivue({ backColor: [0, 0, 0, 1], logLevel: "error", dragAndDropEnabled: false, show3Dcrosshair: true, isResizeCanvas: true,
            crosshairWidth: 0.5, crosshairColor: [1, 0.25, 0.25, 0.7] });
        await nv.attachToCanvas(canvas);
        // Voxels as they are: label maps and errors must not blur into their neighbours.
        nv.setInterpolation(true);
        state = { nv };
        viewers.set(canvas, state);
    }
    const nv = state.nv;
    canvas.dataset.loaded = "false";
    const dataset = encodeURIComponent(source.datasetId);
    const info = await json(`/api/datasets/${dataset}`);
    const run = source.experimentId ? await json(`/api/experiments/${encodeURIComponent(source.experimentId)}`) : null;
    const classes = run?.classes ?? info?.classes ?? fallbackClasses;
    const unlabeled = info?.unlabeledValue ?? 255;
    const headline = run?.config?.headlineClass ?? run?.headlineClass ?? 1;
    const overlayUrl = source.overlay === "prediction"
        ? `/api/experiments/${encodeURIComponent(source.experimentId)}/predictions/${dataset}.nii.gz`
        : source.overlay === "labels" ? `/api/datasets/${dataset}/labels.nii.gz` : null;

    await nv.loadVolumes([{ url: `/api/datasets/${dataset}/image.nii.gz`, name: "image.nii.gz", colormap: "gray" }]);
    const image = nv.volumes[0];
    Object.assign(state, {
        image, dims: [image.hdr.dims[1], image.hdr.dims[2], image.hdr.dims[3]], classes, unlabeled, overlays: {}, painting: false,
        colourOf: c => classColours[c % classColours.length],
    });
    nv.setDrawingEnabled(false);
    state.rasOf = rasOfNative(image);

    const legend = [];
    const problems = [];
    let overlay = null;
    if (overlayUrl) {
        try {
            overlay = await NVImage.loadFromUrl({ url: overlayUrl, name: source.overlay });
            state.overlayValues = overlay.img;
            overlay.img = shiftedLabels(overlay.img, classes.length);
            overlay.setColormapLabel(labelColormap(classes));
            overlay.opacity = source.opacity;
            nv.addVolume(overlay);
            state.overlays.main = overlay;
            classes.forEach((name, c) => legend.push({ name: `${c} ${name}`, colour: hex(classColours[c % classColours.length]), kind: source.overlay }));
        } catch {
            problems.push(`${overlayUrl} could not be loaded`);
        }
    }

    let labels = null;
    if ((source.errors || source.taughtCounts) && overlay) {
        try {
            labels = source.overlay === "labels"
                ? state.overlayValues
                : (await NVImage.loadFromUrl({ url: `/api/datasets/${dataset}/labels.nii.gz`, name: "labels" })).img;
        } catch {
            problems.push("the dataset has no labels to compare with");
        }
    }
    if (source.errors && labels && source.overlay === "prediction") {
        const truth = labels, predicted = state.overlayValues, errors = new Uint8Array(truth.length);
        let falsePositives = 0, falseNegatives = 0;
        for (let n = 0; n < truth.length; n++) {
            if (truth[n] === unlabeled) continue;
            if (predicted[n] === headline && truth[n] !== headline) { errors[n] = 1; falsePositives++; }
            else if (truth[n] === headline && predicted[n] !== headline) { errors[n] = 2; falseNegatives++; }
        }
        const errorVolume = overlayFrom(overlay, "errors", errors, {
            R: [0, errorColours.falsePositive[0], errorColours.falseNegative[0]], G: [0, errorColours.falsePositive[1], errorColours.falseNegative[1]],
            B: [0, errorColours.falsePositive[2], errorColours.falseNegative[2]], A: [0, 255, 255], I: [0, 1, 2],
        });
        errorVolume.opacity = 1;
        nv.addVolume(errorVolume);
        state.overlays.errors = errorVolume;
        const className = classes[headline] ?? `class ${headline}`;
        legend.push({ name: `false positive ${className} (${falsePositives.toLocaleString()} voxels)`, colour: hex(errorColours.falsePositive), kind: "errors" });
        legend.push({ name: `false negative ${className} (${falseNegatives.toLocaleString()} voxels)`, colour: hex(errorColours.falseNegative), kind: "errors" });
    }
    let planes = [];
    // A run on every labelled voxel (trainOnAllLabels) was taught on every annotated plane, not a uniform choice of them.
    const counts = run?.config?.trainOnAllLabels ? [Infinity, Infinity, Infinity] : source.taughtCounts;
    if (counts && labels) planes = taughtPlanes(labels, state.dims, unlabeled, counts);
    if (source.experimentId) {
        const listed = await json(`/api/datasets/${dataset}/annotations`);
        for (const item of listed?.items ?? []) if (!planes.some(p => p.axis === item.axis && p.index === item.index)) planes.push({ axis: item.axis, index: item.index });
    }
    // Label-map overlays are uint8 volumes of the image's geometry: the template for the masks made here.
    if (planes.length > 0 && overlay) {
        const taught = overlayFrom(overlay, "taught planes", planeMask(state.dims, planes),
            { R: [0, taughtColour[0]], G: [0, taughtColour[1]], B: [0, taughtColour[2]], A: [0, 255], I: [0, 1] });
        // Faint: across a plane (its own view) it must leave the prediction readable.
        taught.opacity = 0.3;
        nv.addVolume(taught);
        state.overlays.taught = taught;
        legend.push({ name: `taught planes: ${planes.map(p => `${p.axis} ${p.index}`).join(", ")}`, colour: hex(taughtColour), kind: "taught" });
    }

    nv.setSliceType(views[source.view] ?? SLICE_TYPE.MULTIPLANAR);
    nv.updateGLVolume();
    canvas.dataset.loaded = "true";
    canvas.dataset.volumes = String(nv.volumes.length);
    return {
        dims: state.dims, calMin: image.cal_min, calMax: image.cal_max, globalMin: image.global_min, globalMax: image.global_max,
        classes, classColours: classes.map((_, c) => hex(classColours[c % classColours.length])), headline, legend, problems, planes: planes.length,
    };
}

export function setView(canvas, view) {
    const state = viewers.get(canvas);
    if (state) state.nv.setSliceType(views[view] ?? SLICE_TYPE.MULTIPLANAR);
}

export function setOpacity(canvas, opacity) {
    const state = viewers.get(canvas);
    const main = state?.overlays?.main;
    if (!main) return;
    main.opacity = opacity;
    state.nv.updateGLVolume();
}

export function setWindow(canvas, min, max) {
    const state = viewers.get(canvas);
    if (!state?.image || !(max > min)) return;
    state.image.cal_min = min;
    state.image.cal_max = max;
    state.nv.updateGLVolume();
}

/** Moves to plane `index` of native axis x, y or z and shows that plane's 2D view. */
export function setSlice(canvas, axis, index) {
    const state = viewers.get(canvas);
    if (!state?.image) return;
    const [X, Y, Z] = state.dims, a = "xyz".indexOf(axis);
    const voxel = [Math.floor(X / 2), Math.floor(Y / 2), Math.floor(Z / 2)];
    voxel[a] = Math.max(0, Math.min(index, state.dims[a] - 1));
    state.nv.setSliceType(sliceTypeOf(state, axis));
    state.nv.scene.crosshairPos = state.nv.vox2frac(rasVoxel(state, ...voxel));
    state.nv.drawScene();
}

function pixels(canvas) {
    const copy = document.createElement("canvas");
    copy.width = canvas.width; copy.height = canvas.height;
    const context = copy.getContext("2d");
    viewers.get(canvas)?.nv.drawScene();
    context.drawImage(canvas, 0, 0);
    return context.getImageData(0, 0, copy.width, copy.height).data;
}

/** How many pixels of the canvas are not black: what a test reads to know the viewer drew. */
export function litPixels(canvas) {
    const data = pixels(canvas);
    let lit = 0;
    for (let p = 0; p < data.length; p += 4) if (data[p] + data[p + 1] + data[p + 2] > 30) lit++;
    return lit;
}

/** How many pixels are within `tolerance` (per channel) of a colour, e.g. a class's at full overlay opacity. */
export function pixelsOfColour(canvas, [r, g, b], tolerance) {
    const data = pixels(canvas);
    let count = 0;
    for (let p = 0; p < data.length; p += 4)
        if (Math.abs(data[p] - r) <= tolerance && Math.abs(data[p + 1] - g) <= tolerance && Math.abs(data[p + 2] - b) <= tolerance) count++;
    return count;
}

export const startPainting = (canvas, classes) => painter.startPainting(viewers.get(canvas), classes);
export const setPen = (canvas, classIndex, size) => painter.setPen(viewers.get(canvas), classIndex, size);
export const undo = canvas => painter.undo(viewers.get(canvas));
export const stopPainting = canvas => painter.stopPainting(viewers.get(canvas));
export const saveSlice = (canvas, datasetId, axis, index) => painter.saveSlice(viewers.get(canvas), datasetId, axis, index);
export const post = painter.post;
