using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UNet3D.Lab.Silo.Commands;
using UNet3D.Lab.Silo.Hosting;

// Without a command: the standalone silo, which joins (or forms) the lab's cluster and trains queued experiments.
// The web app hosts the same silo in-process; run this on further machines, e.g. GPU hosts, to add training slots.
if (args.Length > 0 && args[0] is "train" or "summary" or "bench" or "predict" or "data" or "table")
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
    // Schedulers and `timeout` stop a headless run with SIGTERM: stop as on Ctrl+C (a table says how to continue)
    // instead of training on until the end.
    using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cancel.Cancel(); });
    try
    {
        return args[0] switch
        {
            "train" => TrainCommand.Run(args[1..], Console.Out, cancel.Token, terminal: !Console.IsOutputRedirected),
            "summary" => SummaryCommand.Run(args[1..], Console.Out),
            "predict" => PredictCommand.Run(args[1..], Console.Out),
            "data" => DataCommand.Run(args[1..], Console.Out),
            "table" => await TableCommand.RunAsync(args[1..], Console.Out, cancel.Token),
            _ => BenchCommand.Run(args[1..], Console.Out),
        };
    }
    catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 2;
    }
}

var builder = Host.CreateApplicationBuilder(args);
// Orleans and its resilience pipelines log every placement at Information; keep the console readable.
builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
builder.AddLabSilo();
await builder.Build().RunAsync();
return 0;
