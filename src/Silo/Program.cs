using Microsoft.Extensions.Hosting;
using UNet3D.Lab.Silo.Hosting;

// The standalone silo: joins (or forms) the lab's cluster and trains queued experiments. The web app hosts the
// same silo in-process; run this on further machines, e.g. GPU hosts, to add training slots.
var builder = Host.CreateApplicationBuilder(args);
builder.AddLabSilo();
await builder.Build().RunAsync();
