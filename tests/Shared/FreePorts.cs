using System.Net;
using System.Net.Sockets;

namespace UNet3D.Lab.Tests.Shared;

public static class FreePorts
{
    /// <summary>A loopback port that nothing listens on right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
