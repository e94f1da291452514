using System.Net;
using System.Net.Sockets;

namespace Braid.Integration.Tests.Fixtures;

public static class FreePorts
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it).</summary>
    public static int Pick()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int p = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return p;
    }
}
