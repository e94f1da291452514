namespace Braid.Config;

/// <summary>StrictHostKeyChecking.</summary>
public enum StrictHostKeyChecking { Off = 0, AcceptNew = 1, Yes = 2, Ask = 3 }

/// <summary>ControlMaster.</summary>
public enum ControlMasterMode { No = 0, Yes = 1, Auto = 2, Ask = 3, AutoAsk = 4 }

/// <summary>RequestTTY.</summary>
public enum RequestTtyMode { Auto = 0, No = 1, Yes = 2, Force = 3 }

/// <summary>SessionType.</summary>
public enum SessionTypeMode { None = 0, Subsystem = 1, Default = 2 }

/// <summary>AddressFamily (values are the Linux AF_* numbers).</summary>
public enum AddressFamilyMode { Any = 0, Inet = 2, Inet6 = 10 }

/// <summary>CanonicalizeHostname.</summary>
public enum CanonicalizeHostnameMode { No = 0, Yes = 1, Always = 2 }

/// <summary>PubkeyAuthentication.</summary>
public enum PubkeyAuthenticationMode { No = 0, Unbound = 1, HostBound = 2, Yes = 3 }

/// <summary>AddKeysToAgent.</summary>
public enum AddKeysToAgentMode { No = 0, Yes = 1, Ask = 2, Confirm = 3 }

/// <summary>VerifyHostKeyDNS and UpdateHostKeys.</summary>
public enum YesNoAsk { No = 0, Yes = 1, Ask = 2 }

/// <summary>Tunnel.</summary>
public enum TunnelMode { No = 0, PointToPoint = 1, Ethernet = 2 }

/// <summary>LogLevel.</summary>
public enum LogLevel { Quiet = 0, Fatal = 1, Error = 2, Info = 3, Verbose = 4, Debug1 = 5, Debug2 = 6, Debug3 = 7 }
