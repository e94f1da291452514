using System.Globalization;

namespace Braid.Ssh.Keys.Certificates;

/// <summary>sshkey_format_cert_validity: "forever", "from A to B", "after A" or "before B", in local
/// time as "%Y-%m-%dT%H:%M:%S", as ssh shows it in "Server host certificate: … valid …".</summary>
public static class CertificateValidity
{
    public static string Describe(OpenSshCertificate cert)
    {
        if (cert.ValidAfter == 0 && cert.ValidBefore == OpenSshCertificate.Forever) return "forever";
        if (cert.ValidAfter == 0) return "before " + Format(cert.ValidBefore);
        if (cert.ValidBefore == OpenSshCertificate.Forever) return "after " + Format(cert.ValidAfter);
        return $"from {Format(cert.ValidAfter)} to {Format(cert.ValidBefore)}";
    }

    private static string Format(ulong seconds)
    {
        // Beyond what DateTimeOffset holds ssh would print whatever localtime gives; clamp instead of throwing.
        long s = seconds > 253402300799UL ? 253402300799L : (long)seconds;
        return DateTimeOffset.FromUnixTimeSeconds(s).ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
