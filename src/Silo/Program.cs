using UNet3D.Lab.Silo.Commands;

// Without a command: the standalone silo, which joins (or forms) the lab's cluster and trains queued experiments.
// With one: a headless tool (train, predict, summary, bench, data, table); see --help.
return await SiloCommandLine.InvokeAsync(args);
