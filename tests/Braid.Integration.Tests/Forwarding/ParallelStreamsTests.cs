using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Forwarding;

/// <summary>Eight 64 MiB streams at once through one -L forward, echoed back, each compared by SHA-256.</summary>
public class ParallelStreamsTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{

    [Fact]
    public async Task EightParallelStreamsThroughOneLocalForwardCompareEqual()
    {
        var echo = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        int echoPort = ((IPEndPoint)echo.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            var conns = new List<Task>();
            try
            {
                while (true)
                {
                    var c = await echo.AcceptTcpClientAsync(stop.Token);
                    conns.Add(Task.Run(async () =>
                    {
                        using (c)
                        {
                            var s = c.GetStream();
                            await s.CopyToAsync(s);
                            c.Client.Shutdown(SocketShutdown.Send);
                        }
                    }));
                }
            }
            catch (OperationCanceledException) { }
            await Task.WhenAll(conns);
        });

        int q = FreePorts.Pick();
        var psi = new ProcessStartInfo(Paths.Braid) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-F", sshd.Server.ConfigFile, "-N", "-L", $"{q}:127.0.0.1:{echoPort}", "h" }) psi.ArgumentList.Add(a);
        using var braid = Process.Start(psi)!;
        try
        {
            for (int i = 0; i < 200; i++)
            {
                try { using var probe = new TcpClient(); await probe.ConnectAsync(IPAddress.Loopback, q); break; }
                catch (SocketException) { await Task.Delay(50); }
            }
            const int size = 64 * 1024 * 1024;
            var streams = Enumerable.Range(0, 8).Select(async i =>
            {
                var chunk = RandomNumberGenerator.GetBytes(1024 * 1024);
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, q);
                var s = c.GetStream();
                using var sent = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var writer = Task.Run(async () =>
                {
                    for (int k = 0; k < size / chunk.Length; k++)
                    {
                        chunk[0] = (byte)k; chunk[1] = (byte)i;
                        sent.AppendData(chunk);
                        await s.WriteAsync(chunk);
                    }
                    c.Client.Shutdown(SocketShutdown.Send);
                });
                using var got = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buf = new byte[256 * 1024];
                long total = 0;
                int n;
                while ((n = await s.ReadAsync(buf)) > 0) { got.AppendData(buf, 0, n); total += n; }
                await writer;
                Assert.Equal(size, total);
                Assert.Equal(sent.GetHashAndReset(), got.GetHashAndReset());
            }).ToArray();
            await Task.WhenAll(streams).WaitAsync(TimeSpan.FromMinutes(4));
        }
        finally
        {
            try { braid.Kill(); } catch (InvalidOperationException) { }
            stop.Cancel();
            echo.Stop();
        }
        await server.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
