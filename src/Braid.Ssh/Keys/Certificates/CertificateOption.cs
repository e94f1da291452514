namespace Braid.Ssh.Keys.Certificates;

/// <summary>One critical option or extension: a name and its data (itself an SSH string holding the
/// value for options that take one, empty otherwise).</summary>
public sealed record CertificateOption(string Name, byte[] Data);
