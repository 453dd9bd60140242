using BitMiracle.LibTiff.Classic;

namespace UNet3D.Lab.Experiments.Data.Formats;

/// <summary>
/// What the TIFF reader and writer need around LibTiff.NET: its messages, which by default go to the console and would
/// otherwise be lost, collected per call so errors can quote them; and a stream adapter that leaves the caller's
/// stream open when LibTiff closes the file.
/// </summary>
internal static class TiffLibrary
{
    [ThreadStatic]
    private static List<string>? current;

    static TiffLibrary()
    {
        // LibTiff's handler is library-wide; ours routes each message to the collector of the thread that caused it
        // (LibTiff calls back synchronously on that thread).
        Tiff.SetErrorHandler(new CollectingHandler());
    }

    /// <summary>A stream adapter whose Close does nothing: the caller owns the stream.</summary>
    public static TiffStream CallerOwnedStream { get; } = new CallerOwnedTiffStream();

    /// <summary>Collects LibTiff's errors on this thread until disposed.</summary>
    public static MessageScope CollectMessages()
    {
        var messages = new List<string>();
        var outer = current;
        current = messages;
        return new MessageScope(messages, outer);
    }

    internal sealed class MessageScope(List<string> messages, List<string>? outer) : IDisposable
    {
        /// <summary>LibTiff's errors so far, joined, or <paramref name="otherwise"/> when there were none.</summary>
        public string Errors(string otherwise) => messages.Count == 0 ? otherwise : string.Join("; ", messages);

        public void Dispose() => current = outer;
    }

    private sealed class CollectingHandler : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
            current?.Add(Message(method, format, args));

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
            // ErrorHandler receives the same message; collecting it once is enough.
        }

        // Warnings (unknown private tags such as ImageJ's 50838/50839, ...) do not make a file unreadable.
        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
        }

        private static string Message(string method, string format, object[] args)
        {
            string text;
            try
            {
                text = args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
            }
            catch (FormatException)
            {
                text = format;
            }
            return string.IsNullOrEmpty(method) ? text : $"{method}: {text}";
        }
    }

    private sealed class CallerOwnedTiffStream : TiffStream
    {
        public override void Close(object clientData)
        {
        }
    }
}
