package abci

import (
	"bytes"
	"encoding/hex"
	"os"
	"strings"
)

// WithholdSharesEnv is a TEST-ONLY fault switch: a validator whose node sees
// it still votes and takes part in DKGs but puts no decryption shares in its
// vote extensions, as a validator that withholds them would. The value "1"
// (or "true") applies to every validator of the process; otherwise it is a
// comma-separated list of hex CometBFT validator addresses, so one process
// running an in-process network can make only some validators withhold.
// It is read once, when SetThresholdKeys installs the validator's keys.
// Never set it on a real node: its validator gets slashed and jailed.
const WithholdSharesEnv = "HYPERION_TEST_WITHHOLD_SHARES"

// withholdShares reports whether the fault switch names valAddr.
func withholdShares(valAddr []byte) bool {
	val := strings.TrimSpace(os.Getenv(WithholdSharesEnv))
	switch strings.ToLower(val) {
	case "":
		return false
	case "1", "true":
		return true
	}
	for _, item := range strings.Split(val, ",") {
		addr, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(item), "0x"))
		if err == nil && len(addr) > 0 && bytes.Equal(addr, valAddr) {
			return true
		}
	}
	return false
}
