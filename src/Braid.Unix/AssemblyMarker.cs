namespace Braid.Unix;
internal static class AssemblyMarker { }
