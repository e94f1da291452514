using Braid.Config;
using Braid.Mux.Protocol;

namespace Braid.Cli;

/// <summary>A configured forward as MUX_C_OPEN_FWD / MUX_C_CLOSE_FWD carry it, encoded as OpenSSH's
/// mux_client_forward() does: the master matches a cancel against its forwards field by field.</summary>
internal static class MuxForwardFields
{
    public static (string ListenHost, uint ListenPort, string ConnectHost, uint ConnectPort) Of(Forward f) =>
        (ListenHost(f), f.ListenPath != null ? MuxMessageType.PortStreamLocal : (uint)f.ListenPort,
         f.ConnectPath ?? f.ConnectHost ?? "", f.ConnectPath != null ? MuxMessageType.PortStreamLocal : (uint)f.ConnectPort);

    /// <summary>The path for a Unix listener; "" when no bind address was given (the master's default);
    /// "*" when it was given empty; otherwise as given.</summary>
    private static string ListenHost(Forward f) => f.ListenPath ?? f.ListenHost switch { null => "", "" => "*", var h => h };
}
