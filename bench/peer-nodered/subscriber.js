// The broker's side of bench/peer-nodered.sh: one MQTT 5 subscriber (mqtt.js, QoS 1) on TOPIC that
// counts what reaches it and writes "messages payload_bytes publish_bytes readings" to a file every
// 100 ms (written aside, then renamed into place). payload_bytes is the application payload alone; publish_bytes is the whole PUBLISH packet
// as the broker sends it (fixed header, remaining length, topic, packet id, properties, payload).
// readings: the values in the payloads, counted by COUNT: "array" (a JSON array per message),
// "samples" (an Outpost JSON record: one {"t": per sample), or "none" (counted elsewhere).
//   node subscriber.js BROKER_URL TOPIC COUNT COUNTER_FILE
"use strict";
const fs = require("fs");
const mqtt = require("mqtt");

const [url, topic, count, counterFile] = process.argv.slice(2);
const SAMPLE_START = Buffer.from('{"t":');
let messages = 0;
let payloadBytes = 0;
let publishBytes = 0;
let readings = 0;

function readingsIn(payload) {
    if (count === "array") {
        return JSON.parse(payload.toString("utf8")).length;
    }
    if (count === "samples") {
        let n = 0;
        for (let i = payload.indexOf(SAMPLE_START); i >= 0; i = payload.indexOf(SAMPLE_START, i + 1)) {
            n++;
        }
        return n;
    }
    return 0;
}

const client = mqtt.connect(url, { protocolVersion: 5, clean: true, clientId: "bench-peer-subscriber" });
client.on("connect", () => client.subscribe(topic, { qos: 1 }));
client.on("error", (e) => console.error("mqtt error:", e.message));
client.on("message", (t, payload, packet) => {
    messages++;
    payloadBytes += payload.length;
    // mqtt.js records the remaining length it read; the fixed header is 1 byte plus its varint.
    const remaining = packet.length;
    publishBytes += 1 + (remaining < 128 ? 1 : remaining < 16384 ? 2 : remaining < 2097152 ? 3 : 4) + remaining;
    readings += readingsIn(payload);
});
setInterval(() => {
    fs.writeFileSync(counterFile + ".new", `${messages} ${payloadBytes} ${publishBytes} ${readings}\n`);
    fs.renameSync(counterFile + ".new", counterFile);
}, 100);
