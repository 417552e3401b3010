# The typing suite types a new block below this line (in memory; the file is never saved).
