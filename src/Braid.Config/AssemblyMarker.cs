namespace Braid.Config;
internal static class AssemblyMarker { }
