namespace Braid.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("braid: not yet implemented");
        return 255;
    }
}
