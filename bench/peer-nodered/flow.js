// Writes the Node-RED flow of bench/peer-nodered.sh: one modbus-client (TCP, unit 1), READS
// modbus-read nodes of QUANTITY holding registers each polling every RATE_MS, each wired to its own
// mqtt out node (QoS 1, MQTT 5, one JSON array per read on nodered/plc/hr<address>).
//   node flow.js MODBUS_PORT MQTT_PORT READS QUANTITY RATE_MS FLOW_FILE
"use strict";
const fs = require("fs");

const [modbusPort, mqttPort, reads, quantity, rate] = process.argv.slice(2, 7).map(Number);
const flowFile = process.argv[7];
const tab = "bench-tab";
const flow = [
    { id: tab, type: "tab", label: "modbus to mqtt", disabled: false },
    {
        id: "bench-modbus", type: "modbus-client", name: "plc", clienttype: "tcp", bufferCommands: true,
        stateLogEnabled: false, queueLogEnabled: false, failureLogEnabled: true,
        tcpHost: "127.0.0.1", tcpPort: String(modbusPort), tcpType: "DEFAULT",
        serialPort: "/dev/ttyUSB0", serialType: "RTU-BUFFERD", serialBaudrate: "9600", serialDatabits: "8",
        serialStopbits: "1", serialParity: "none", serialConnectionDelay: "100",
        serialAsciiResponseStartDelimiter: "0x3A", unit_id: "1", commandDelay: "1", clientTimeout: "1000",
        reconnectOnTimeout: true, reconnectTimeout: "2000", parallelUnitIdsAllowed: true,
        showErrors: true, showWarnings: true, showLogs: false,
    },
    {
        id: "bench-broker", type: "mqtt-broker", name: "mosquitto", broker: "127.0.0.1", port: String(mqttPort),
        clientid: "bench-nodered", autoConnect: true, usetls: false, protocolVersion: "5", keepalive: "60",
        cleansession: true, autoUnsubscribe: true, birthTopic: "", closeTopic: "", willTopic: "",
        sessionExpiry: "",
    },
];
for (let r = 0; r < reads; r++) {
    const adr = r * quantity;
    flow.push({
        id: `bench-read-${r}`, type: "modbus-read", z: tab, name: `hr${adr}`, topic: "",
        showStatusActivities: false, logIOActivities: false, showErrors: true, showWarnings: true, unitid: "1",
        dataType: "HoldingRegister", adr: String(adr), quantity: String(quantity), rate: String(rate),
        rateUnit: "ms", delayOnStart: false, startDelayTime: "", server: "bench-modbus", useIOFile: false,
        ioFile: "", useIOForPayload: false, emptyMsgOnFail: false, keepMsgProperties: false,
        x: 200, y: 60 + 60 * r, wires: [[`bench-mqtt-${r}`], []],
    });
    flow.push({
        id: `bench-mqtt-${r}`, type: "mqtt out", z: tab, name: "", topic: `nodered/plc/hr${adr}`, qos: "1",
        retain: "false", respTopic: "", contentType: "", userProps: "", correl: "", expiry: "",
        broker: "bench-broker", x: 450, y: 60 + 60 * r, wires: [],
    });
}
fs.writeFileSync(flowFile, JSON.stringify(flow));
