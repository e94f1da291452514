namespace Braid.Mux;
internal static class AssemblyMarker { }
