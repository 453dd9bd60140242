// Copies a link to the clipboard where the browser allows it (HTTPS or localhost); elsewhere selects it in its
// read-only field and tries the older execCommand('copy'). Resolves to whether it copied; never throws, so that a
// refusing browser cannot end the Blazor circuit.
window.labShareLink = {
    copy: async function (field, text) {
        try {
            if (window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) {
                await navigator.clipboard.writeText(text);
                return true;
            }
        } catch {
            // Permission refused: fall back to the selection below.
        }
        try {
            const input = field && field.querySelector("input");
            if (input) {
                input.focus();
                input.select();
            }
            return document.execCommand("copy") === true;
        } catch {
            return false;
        }
    },
};
