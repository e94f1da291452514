namespace Braid.Fuzz;

/// <summary>Public key blobs made with ssh-keygen (their files are in fuzz/corpus/public-key/).</summary>
public static class SampleKeys
{
    public static readonly byte[] Ed25519 = Convert.FromBase64String("AAAAC3NzaC1lZDI1NTE5AAAAIIcuBPC8C/ix8ciGGY+ySWzlDLhAqu2KYSmEeqN8AUEt");
    public static readonly byte[] EcdsaP256 = Convert.FromBase64String("AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGseXmi2MyVcJbml91U08DOT940qoeIVQ1jnDJ4RdSW3WjP0NupyJS6439QrhvH2wIAeNRw8cWOlQHE6YC7Zxc8=");
    public static readonly byte[] Rsa1024 = Convert.FromBase64String(
        "AAAAB3NzaC1yc2EAAAADAQABAAAAgQDb0NHvf7PZo7wNxmzu8aHUaae7HMkjEDNOXfbvBAuBQxPi5bLUe/oNukhv2ysSn7TqJ/XfHggnkQF74iQC6eMO0yk3H6P/ncKNdK0SAQ76uYfR8BB6+xJs2yYsx9fG/+Sks/aE9rcI1IjEdKdFxmzvPOZ5WolZKc0MmGopLmtrrw==");
}
